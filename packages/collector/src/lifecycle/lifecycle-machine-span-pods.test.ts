import { beforeEach, describe, expect, it } from 'vitest';
import { podIdentity, sighting } from '../testing/lifecycle-events.js';
import {
  A,
  a,
  kinds,
  POD,
  T0,
  type TestMachineOptions,
  TestScope,
  testMachine,
  written,
} from '../testing/lifecycle-machine-harness.js';
import { type LifecycleMachine, SIGHTING_GRACE_MS } from './lifecycle-machine.js';

/**
 * Pods known only from their spans, on an injected clock: lifetimes from the spans' own times
 * (first span start, last span end), a backlog older than the idle limit registered as ended, the
 * silence clock reset by recent data only, and the bound of the pods waiting for registration.
 */
const IDLE = 300_000;
let now: number;
let scope: TestScope;
let m: LifecycleMachine;
const machine = (o: TestMachineOptions = {}) => testMachine(() => now, scope, o);
beforeEach(() => {
  now = T0;
  scope = new TestScope();
  m = machine({ idleEndMs: IDLE });
});
const inst = () => m.instance(A);
const pod = () => m.pod('shop', POD);

/** Offers the sightings, waits out the grace period, registers what is due. */
function registerAll(...sightings: ReturnType<typeof sighting>[]) {
  m.observe(sightings);
  now += SIGHTING_GRACE_MS;
  return m.takeDueSightings(now).map((s) => m.registerFromSpans(s, now));
}

describe('lifetimes from the spans own times', () => {
  it('first seen is the oldest span start and last seen the newest span end, over several sightings', () => {
    m.observe([sighting(a, T0 - 5_000, T0 - 9_000)]);
    m.observe([sighting(a, T0 - 7_000, T0 - 12_000)]);
    m.observe([sighting(a, T0 - 1_000, T0 - 2_000)]);
    now += SIGHTING_GRACE_MS;
    const due = m.takeDueSightings(now);
    expect(due).toMatchObject([{ firstSeenMs: T0 - 12_000, lastSeenMs: T0 - 1_000 }]);
    expect(m.registerFromSpans(due[0]!, now)).toBe('running');
    expect(inst()).toMatchObject({ startedAt: T0 - 12_000, lastSeen: T0 - 1_000, state: 'running', endedAt: null });
    expect(pod()).toMatchObject({ firstSeen: T0 - 12_000, lastSeen: T0 - 1_000, state: 'running' });
    expect(written(m).transitions).toMatchObject([{ Timestamp: T0 - 12_000, Transition: 'started' }]);
  });

  it('a later sighting with an earlier span start moves first seen back', () => {
    registerAll(sighting(a, T0 - 1_000, T0 - 2_000));
    written(m);
    m.observe([sighting(a, T0 - 1_500, T0 - 60_000)]);
    expect(inst()).toMatchObject({ startedAt: T0 - 60_000, lastSeen: T0 - 1_000 });
    expect(pod()?.firstSeen).toBe(T0 - 60_000);
    expect(written(m)).toMatchObject({ instances: [{ id: A }], pods: [{ pod: POD }] });
  });
});

describe('a backlog older than the idle limit', () => {
  it('registers its pod already ended: killed at its last span, not live', () => {
    const last = T0 - 3_600_000;
    now = T0 - SIGHTING_GRACE_MS;
    expect(registerAll(sighting(a, last, last - 60_000))).toEqual(['ended']);
    const reason = 'no data for 300s (no agent heartbeats; its spans arrived late)';
    expect(inst()).toMatchObject({ state: 'killed', startedAt: last - 60_000, lastSeen: last, endedAt: last });
    expect(pod()).toMatchObject({ state: 'killed', firstSeen: last - 60_000, endedAt: last, endReason: reason });
    const w = written(m);
    expect(kinds(w.transitions)).toEqual(['started:->running', 'killed:running->killed']);
    expect(w.transitions.map((t) => t.Timestamp)).toEqual([last - 60_000, last]);
    expect(w.pods).toEqual([{ pod: POD, state: 'killed' }]);
  });

  it('exactly at the idle limit the pod is still live; one ms older it is ended', () => {
    const other = podIdentity('web-2', 'aaaaaaaa-0000-4000-8000-0000000000ff');
    expect(
      registerAll(sighting(a, T0 + SIGHTING_GRACE_MS - IDLE), sighting(other, T0 + SIGHTING_GRACE_MS - IDLE - 1)),
    ).toEqual(['running', 'ended']);
  });

  it('more old spans of an ended pod move its end, and it stays ended; recent ones resume it', () => {
    const last = T0 - 3_600_000;
    registerAll(sighting(a, last));
    written(m);
    m.observe([sighting(a, last + 30_000)]);
    expect(inst()).toMatchObject({ state: 'killed', lastSeen: last + 30_000, endedAt: last + 30_000 });
    expect(pod()).toMatchObject({ state: 'killed', lastSeen: last + 30_000, endedAt: last + 30_000 });
    expect(written(m).transitions).toEqual([]);
    m.observe([sighting(a, now - 1_000)]);
    expect(inst()).toMatchObject({ state: 'running', endedAt: null, lastSeen: now - 1_000, lastHeardLocal: now });
    expect(pod()?.state).toBe('running');
    expect(kinds(written(m).transitions)).toEqual(['ready:killed->running']);
  });
});

describe('vanish detection stays on the local clock', () => {
  it('recent spans reset the silence clock, old ones (a backlog) move last seen only', () => {
    expect(registerAll(sighting(a, T0 - 250_000))).toEqual(['running']);
    const registered = now;
    now += 100_000;
    // newer than its last seen, but older than the idle limit when it arrives
    m.observe([sighting(a, T0 - 240_000)]);
    expect(inst()).toMatchObject({ lastSeen: T0 - 240_000, lastHeardLocal: registered });
    now = registered + IDLE;
    m.detectVanished(now);
    expect(inst()?.state).toBe('running');
    now += 1;
    m.detectVanished(now);
    expect(inst()).toMatchObject({ state: 'killed', endedAt: T0 - 240_000 });
  });

  it('a recent span keeps it live for another idle period', () => {
    registerAll(sighting(a, T0 - 1_000));
    now += 100_000;
    m.observe([sighting(a, now - 10)]);
    expect(inst()?.lastHeardLocal).toBe(now);
    const heard = now;
    now = heard + IDLE;
    m.detectVanished(now);
    expect(inst()?.state).toBe('running');
    now += 1;
    m.detectVanished(now);
    expect(inst()).toMatchObject({ state: 'killed', endedAt: heard - 10 });
  });
});

describe('pods waiting for registration', () => {
  const ids = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      podIdentity(`web-${i}`, `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`),
    );

  it('are bounded: beyond the bound a sighting is counted as dropped, and offered again later', () => {
    m = machine({ idleEndMs: IDLE, maxPendingSpanPods: 2 });
    const [p0, p1, p2] = ids(3) as [
      ReturnType<typeof podIdentity>,
      ReturnType<typeof podIdentity>,
      ReturnType<typeof podIdentity>,
    ];
    m.observe([sighting(p0, T0), sighting(p1, T0), sighting(p2, T0)]);
    expect([m.spanPods.size, m.spanPods.dropped]).toEqual([2, 1]);
    m.observe([sighting(p0, T0 + 1)]);
    expect([m.spanPods.size, m.spanPods.dropped]).toEqual([2, 1]);
    now += SIGHTING_GRACE_MS;
    expect(m.takeDueSightings(now).map((s) => s.identity.podName)).toEqual(['web-0', 'web-1']);
    m.observe([sighting(p2, T0 + 2)]);
    expect([m.spanPods.size, m.spanPods.dropped]).toEqual([1, 1]);
  });

  it('25,000 pods in one burst are all registered (no silent cap below the configured bound)', () => {
    const all = ids(25_000);
    const regs = registerAll(...all.map((id, i) => sighting(id, T0 - i, T0 - i - 500)));
    expect(regs.filter((r) => r === 'running')).toHaveLength(25_000);
    expect(m.counts()).toEqual({ pods: 25_000, instances: 25_000, running: 25_000 });
    expect(m.spanPods.dropped).toBe(0);
  });
});

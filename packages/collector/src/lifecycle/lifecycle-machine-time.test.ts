import { beforeEach, describe, expect, it } from 'vitest';
import { podIdentity, sighting } from '../testing/lifecycle-events.js';
import {
  A,
  a,
  B,
  b,
  C,
  crashed,
  HB,
  heartbeat,
  kinds,
  POD,
  started,
  stopped,
  T0,
  type TestMachineOptions,
  TestScope,
  testMachine,
  written,
} from '../testing/lifecycle-machine-harness.js';
import { type LifecycleMachine, SIGHTING_GRACE_MS } from './lifecycle-machine.js';
import { LifecyclePartitions } from './partition-ownership.js';
import { newInstance } from './tracked.js';

/**
 * The lifecycle state machine on an injected clock: vanish detection (killed after N missed
 * heartbeats, only when caught up), pods seen only through spans, LastSeen rewrites; and the
 * pending writes and memory the tracker reads.
 */
let now: number;
let scope: TestScope;
let m: LifecycleMachine;
const machine = (o: TestMachineOptions = {}) => testMachine(() => now, scope, o);
beforeEach(() => {
  now = T0;
  scope = new TestScope();
  m = machine();
});
const inst = (id: string) => m.instance(id);
const pod = () => m.pod('shop', POD);

describe('vanish: killed after N missed heartbeats (injected clock)', () => {
  it('kills a silent instance after vanishHeartbeats intervals, not before', () => {
    m.apply(started());
    m.apply(heartbeat(a, T0 + 100));
    written(m);
    now = T0 + 3 * HB;
    m.detectVanished(now);
    expect(inst(A)?.state).toBe('running');
    now += 1;
    m.detectVanished(now);
    const reason = 'vanished: no heartbeat for 3 intervals (3s) and no stop event';
    expect(inst(A)).toMatchObject({ state: 'killed', endedAt: T0 + 100, endReason: reason });
    expect(pod()).toMatchObject({ state: 'killed', endedAt: T0 + 100, endReason: reason });
    const w = written(m);
    expect(w.transitions).toMatchObject([
      {
        Timestamp: T0 + 100,
        Transition: 'killed',
        FromState: 'running',
        ToState: 'killed',
        Reason: reason,
        Message: `pod ${reason}`,
      },
    ]);
    expect(w.pods).toEqual([{ pod: POD, state: 'killed' }]);
    // detected once
    now += 10_000;
    m.detectVanished(now);
    expect(written(m).transitions).toEqual([]);
  });

  it('silence is measured from when the collector last heard, not from event time', () => {
    m.apply(started(a, T0 - 60_000));
    now = T0 + 2 * HB;
    m.apply(heartbeat(a, T0 - 59_000));
    now = T0 + 2 * HB + 3 * HB;
    m.detectVanished(now);
    expect(inst(A)?.state).toBe('running');
    now += 1;
    m.detectVanished(now);
    expect(inst(A)?.state).toBe('killed');
  });

  it('heartbeats keep an instance alive', () => {
    m.apply(started());
    for (let i = 1; i <= 10; i++) {
      now = T0 + i * HB;
      m.apply(heartbeat(a, now));
      m.detectVanished(now);
    }
    expect(inst(A)?.state).toBe('running');
  });

  it('uses the default interval when the agent announced none', () => {
    m.apply(started(a, T0, 0));
    now = T0 + 3 * 5000;
    m.detectVanished(now);
    expect(inst(A)?.state).toBe('running');
    now += 1;
    m.detectVanished(now);
    expect(inst(A)?.endReason).toBe('vanished: no heartbeat for 3 intervals (15s) and no stop event');
  });

  it('is not detected while the pod is not caught up (a backlog is not silence) or not owned', () => {
    m.apply(started());
    now = T0 + 60_000;
    scope.caughtUp = false;
    m.detectVanished(now);
    expect(inst(A)?.state).toBe('running');
    scope.caughtUp = true;
    scope.owned = false;
    m.detectVanished(now);
    expect(inst(A)?.state).toBe('running');
    scope.owned = true;
    m.detectVanished(now);
    expect(inst(A)?.state).toBe('killed');
  });

  it('a replaced instance keeps its pod: its kill leaves the pod to the successor', () => {
    m.apply(started());
    m.apply(started(podIdentity(POD, B, { podUid: 'uid-other' }), T0));
    // B made a new pod under the same name: A is no longer the pod's current instance
    now = T0 + 3 * HB + 1;
    m.apply(heartbeat(b, T0 + 3 * HB));
    m.detectVanished(now);
    expect(inst(A)?.state).toBe('killed');
    expect(pod()).toMatchObject({ state: 'running', currentInstanceId: B });
    expect(written(m).transitions.at(-1)).toMatchObject({ Transition: 'killed', FromState: 'running' });
  });

  it('heartbeats resuming after a kill bring the instance back (`ready`)', () => {
    m.apply(started());
    now = T0 + 3 * HB + 1;
    m.detectVanished(now);
    written(m);
    m.apply(heartbeat(a, T0 + 5000));
    expect(inst(A)).toMatchObject({ state: 'running', endedAt: null, endReason: '', lastSeen: T0 + 5000 });
    expect(pod()).toMatchObject({ state: 'running', endedAt: null, endReason: '' });
    const w = written(m);
    expect(w.transitions).toMatchObject([
      {
        Timestamp: T0 + 5000,
        Transition: 'ready',
        FromState: 'killed',
        ToState: 'running',
        Reason: 'heartbeats resumed',
        Message: 'agent reconnected; heartbeats resumed',
      },
    ]);
    expect(w.pods).toEqual([{ pod: POD, state: 'running' }]);
  });

  it('a re-delivered heartbeat from before the kill does not bring it back', () => {
    m.apply(started());
    m.apply(heartbeat(a, T0 + 500));
    now = T0 + 500 + 3 * HB + 1;
    m.detectVanished(now);
    written(m);
    m.apply(heartbeat(a, T0 + 500));
    m.apply(heartbeat(a, T0 + 200));
    expect(inst(A)?.state).toBe('killed');
    expect(written(m).transitions).toEqual([]);
  });

  it('an explicit stop after a kill corrects it', () => {
    m.apply(started());
    now = T0 + 3 * HB + 1;
    m.detectVanished(now);
    written(m);
    m.apply(stopped(a, T0 + 50));
    expect(inst(A)).toMatchObject({ state: 'stopped', endedAt: T0 + 50 });
    expect(pod()?.state).toBe('stopped');
    expect(kinds(written(m).transitions)).toEqual(['stopped:killed->stopped']);
  });
});

describe('pods seen only through spans', () => {
  it('are registered after the grace period, once, as running but never ready', () => {
    m.observe([sighting(a, T0 - 10)]);
    m.observe([sighting(a, T0 - 5)]);
    now = T0 + SIGHTING_GRACE_MS - 1;
    expect(m.takeDueSightings(now)).toEqual([]);
    now += 1;
    const due = m.takeDueSightings(now);
    expect(due).toEqual([sighting(a, T0 - 5, T0 - 10)]);
    expect(m.takeDueSightings(now)).toEqual([]);
    m.registerFromSpans(due[0]!, now);
    expect(inst(A)).toMatchObject({ state: 'running', readyAt: null, fromSpans: true, lastHeardLocal: now });
    expect(written(m).transitions).toMatchObject([
      { Transition: 'started', Reason: 'first instance (first data; no agent lifecycle events)' },
    ]);
  });

  it('a lifecycle event within the grace period makes it an agent instance (no sighting left)', () => {
    m.observe([sighting(a, T0)]);
    m.apply(started(a, T0 + 1));
    now += SIGHTING_GRACE_MS;
    expect(m.takeDueSightings(now)).toEqual([]);
  });

  it('sightings of pods of partitions not owned are ignored', () => {
    scope.owned = false;
    m.observe([sighting(a, T0)]);
    now += SIGHTING_GRACE_MS;
    expect(m.takeDueSightings(now)).toEqual([]);
  });

  it('an agent start later marks the span-only instance ready, keeping the earlier start', () => {
    m.registerFromSpans(sighting(a, T0 - 1000), now);
    written(m);
    m.apply(started(a, T0));
    expect(inst(A)).toMatchObject({ fromSpans: false, readyAt: T0, startedAt: T0 - 1000, heartbeatMs: HB });
    const w = written(m);
    expect(w.transitions).toEqual([]);
    expect(w.instances).toEqual([{ id: A, state: 'running' }]);
  });

  it('end as killed after the idle time (not the heartbeat vanish delay)', () => {
    m = machine({ idleEndMs: 60_000 });
    m.registerFromSpans(sighting(a, T0), now);
    now = T0 + 60_000;
    m.detectVanished(now);
    expect(inst(A)?.state).toBe('running');
    now += 1;
    m.detectVanished(now);
    expect(inst(A)).toMatchObject({ state: 'killed', endReason: 'no data for 60s (no agent heartbeats)' });
  });

  it('spans move LastSeen of running instances only', () => {
    m.apply(started());
    m.observe([sighting(a, T0 + 700)]);
    expect(inst(A)?.lastSeen).toBe(T0 + 700);
    m.apply(stopped(a, T0 + 800));
    m.observe([sighting(a, T0 + 900)]);
    expect(inst(A)?.lastSeen).toBe(T0 + 800);
  });
});

describe('LastSeen rewrites', () => {
  it('rewrites instances and pods only once LastSeen moved seenWriteMs past the written one', () => {
    m = machine({ seenWriteMs: 10_000 });
    m.apply(started());
    written(m);
    m.apply(heartbeat(a, T0 + 9_999));
    expect(written(m)).toEqual({ transitions: [], instances: [], pods: [] });
    m.apply(heartbeat(a, T0 + 10_000));
    expect(written(m)).toEqual({
      transitions: [],
      instances: [{ id: A, state: 'running' }],
      pods: [{ pod: POD, state: 'running' }],
    });
    m.apply(heartbeat(a, T0 + 15_000));
    expect(written(m).instances).toEqual([]);
  });

  it('a changed heartbeat interval is rewritten at once', () => {
    m.apply(started());
    written(m);
    m.apply(heartbeat(a, T0 + 1, 2 * HB));
    expect(inst(A)?.heartbeatMs).toBe(2 * HB);
    expect(written(m).instances).toEqual([{ id: A, state: 'running' }]);
  });

  it('markStaleLastSeen picks up running instances loaded with an old written LastSeen', () => {
    m = machine({ seenWriteMs: 10_000 });
    const loaded = { ...newInstance(a, {}, T0, HB, false, now), lastSeen: T0 + 20_000, lastWrittenSeen: T0 };
    const ended = { ...newInstance(b, {}, T0, HB, false, now), state: 'stopped' as const, lastSeen: T0 + 20_000 };
    expect(m.adoptInstance(loaded)).toBe(true);
    expect(m.adoptInstance(ended)).toBe(true);
    m.markStaleLastSeen();
    expect(written(m).instances).toEqual([{ id: A, state: 'running' }]);
  });
});

describe('pending writes', () => {
  it('a change applied while a write is in flight is written by the next one (taken before awaiting)', () => {
    m.apply(started());
    const inFlight = m.takeDirty('pods');
    m.apply(crashed(a, T0 + 1));
    m.pending.confirmWritten(inFlight);
    expect(m.takeDirty('pods').entries.map((p) => p.state)).toEqual(['crashed']);
  });

  it('a failed write puts its keys and transitions back, in order before newer ones', () => {
    m.apply(started());
    const transitions = m.pending.takeTransitions();
    const insts = m.takeDirty('instances');
    m.apply(stopped(a, T0 + 1));
    m.pending.requeueTransitions(transitions);
    m.pending.restoreDirty('instances', insts);
    expect(kinds(m.pending.takeTransitions())).toEqual(['started:->running', 'stopped:running->stopped']);
    expect(m.takeDirty('instances').keys).toEqual([A]);
    expect(m.pending.isEmpty()).toBe(false);
    m.takeDirty('pods');
    expect(m.pending.isEmpty()).toBe(true);
  });

  it('confirmWritten records the LastSeen each row carried when it was taken', () => {
    m = machine({ seenWriteMs: 10_000 });
    m.apply(started());
    const batch = m.takeDirty('instances');
    m.apply(heartbeat(a, T0 + 5000));
    m.pending.confirmWritten(batch);
    expect(inst(A)?.lastWrittenSeen).toBe(T0);
  });
});

describe('memory and ownership', () => {
  it('adopting from the store never replaces what is in memory', () => {
    m.apply(started());
    expect(m.adoptInstance(newInstance(a, {}, T0 - 5, 0, true, now))).toBe(false);
    expect(inst(A)?.fromSpans).toBe(false);
    m.adoptPod({ ...pod()!, state: 'crashed' });
    expect(pod()?.state).toBe('running');
  });

  it('forgets the pods and instances of partitions no longer owned', () => {
    const partitions = new LifecyclePartitions();
    m = machine({ scope: partitions });
    const other = podIdentity('api-5c6d7e8f9a-q2w4r', C, { workload: 'api' });
    m.apply(started());
    m.apply(started(other));
    partitions.assign([], 64);
    const mine = partitions.partitionOf(a.podUid, A);
    if (partitions.partitionOf(other.podUid, C) === mine) throw new Error('fixture: both pods in one partition');
    partitions.assign([mine], 64);
    m.forgetUnowned();
    expect(m.counts()).toEqual({ pods: 1, instances: 1, running: 1 });
    expect(inst(A)).toBeDefined();
    expect(m.instance(C)).toBeUndefined();
  });

  it('counts pods, instances and running instances', () => {
    m.apply(started());
    m.apply(started(b, T0 + 1));
    expect(m.counts()).toEqual({ pods: 1, instances: 2, running: 1 });
  });
});

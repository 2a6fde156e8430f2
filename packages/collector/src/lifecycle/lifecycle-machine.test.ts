import { LIFECYCLE_ATTRS } from '@podtrail/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { lifecycleEvent, podIdentity, restartOf, sighting } from '../testing/lifecycle-events.js';
import { LifecycleMachine, SIGHTING_GRACE_MS } from './lifecycle-machine.js';
import { LifecyclePartitions, type PodScope } from './partition-ownership.js';
import { newInstance } from './tracked.js';
import type { TransitionRow } from './transition-record.js';

/**
 * The lifecycle state machine without ClickHouse or Kafka: every transition, re-delivery of the
 * same events, events out of order, vanish detection on an injected clock, span-only pods and the
 * pending writes it hands the store.
 */
const T0 = 1_800_000_000_000;
const HB = 1000;
const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';
const POD = 'web-7d9f8b6c5d-x2x4z';

let now: number;
let scope: { owned: boolean; caughtUp: boolean } & PodScope;
let m: LifecycleMachine;

function machine(
  o: { idleEndMs?: number; seenWriteMs?: number; defaultHeartbeatIntervalMs?: number; scope?: PodScope } = {},
) {
  return new LifecycleMachine({
    scope,
    vanishHeartbeats: 3,
    defaultHeartbeatIntervalMs: o.defaultHeartbeatIntervalMs ?? 5000,
    ...o,
    now: () => now,
  });
}

beforeEach(() => {
  now = T0;
  scope = {
    owned: true,
    caughtUp: true,
    owns() {
      return this.owned;
    },
    isCaughtUp() {
      return this.caughtUp;
    },
  };
  m = machine();
});

const a = podIdentity(POD, A);
const b = restartOf(a, B);
const c = restartOf(a, C);
const started = (id = a, ts = T0, hb = HB) => lifecycleEvent('started', id, ts, { heartbeatIntervalMs: hb });
const heartbeat = (id = a, ts = T0, hb = HB) => lifecycleEvent('heartbeat', id, ts, { heartbeatIntervalMs: hb });
const stopped = (id = a, ts = T0, signal = 'SIGTERM') =>
  lifecycleEvent('stopped', id, ts, { attributes: signal ? { [LIFECYCLE_ATTRS.signal]: signal } : {} });
const crashed = (id = a, ts = T0, attributes: Record<string, string> = {}, body = '') =>
  lifecycleEvent('crashed', id, ts, {
    attributes: {
      [LIFECYCLE_ATTRS.exceptionType]: 'TypeError',
      [LIFECYCLE_ATTRS.exceptionMessage]: 'boom',
      [LIFECYCLE_ATTRS.exceptionStacktrace]: 'TypeError: boom\n    at handler (/app/server.js:42:7)',
      ...attributes,
    },
    body,
  });

/** What a successful write would store now: transitions and dirty rows, confirmed written. */
function written(machine = m) {
  const transitions = machine.pending.takeTransitions();
  const instances = machine.takeDirty('instances');
  const pods = machine.takeDirty('pods');
  machine.pending.confirmWritten(instances);
  machine.pending.confirmWritten(pods);
  return {
    transitions,
    instances: instances.entries.map((e) => ({ id: e.instanceId, state: e.state })),
    pods: pods.entries.map((e) => ({ pod: e.podName, state: e.state })),
  };
}

const kinds = (rows: TransitionRow[]) => rows.map((r) => `${r.Transition}:${r.FromState}->${r.ToState}`);
const inst = (id: string) => m.instance(id);
const pod = () => m.pod('shop', POD);

describe('started', () => {
  it('a first instance starts the pod: running, ready, one `started` transition', () => {
    m.apply(started());
    expect(inst(A)).toMatchObject({
      state: 'running',
      startedAt: T0,
      readyAt: T0,
      lastSeen: T0,
      endedAt: null,
      heartbeatMs: HB,
      fromSpans: false,
      lastHeardLocal: T0,
    });
    expect(pod()).toMatchObject({
      state: 'running',
      firstSeen: T0,
      instanceCount: 1,
      restartCount: 0,
      currentInstanceId: A,
      podUid: `uid-${POD}`,
    });
    const w = written();
    expect(w.transitions).toEqual([
      {
        Timestamp: T0,
        Namespace: 'shop',
        Workload: 'web',
        ServiceName: 'web',
        PodName: POD,
        InstanceId: A,
        Transition: 'started',
        FromState: '',
        ToState: 'running',
        Reason: 'first instance',
        Message: `pod started; agent connected. Agent: aaaaaaaa@${POD} (10.1.2.3)`,
      },
    ]);
    expect(w.instances).toEqual([{ id: A, state: 'running' }]);
    expect(w.pods).toEqual([{ pod: POD, state: 'running' }]);
  });

  it('without a host ip the agent is named without one', () => {
    m.apply(started(podIdentity(POD, A, { hostIp: '' })));
    expect(written().transitions[0]?.Message).toBe(`pod started; agent connected. Agent: aaaaaaaa@${POD}`);
  });

  it('a first heartbeat of an unknown instance starts it (the start event was lost)', () => {
    m.apply(heartbeat(a, T0 + 5));
    expect(inst(A)).toMatchObject({ state: 'running', startedAt: T0 + 5, readyAt: T0 + 5 });
    expect(written().transitions.map((t) => t.Reason)).toEqual([
      'first instance (start event not received; first heartbeat)',
    ]);
  });

  it('a new pod uid under an existing pod name is a new pod, not a restart', () => {
    m.apply(started());
    m.apply(stopped(a, T0 + 10));
    written();
    m.apply(started(podIdentity(POD, B, { podUid: 'uid-recreated' }), T0 + 20));
    expect(pod()).toMatchObject({ state: 'running', instanceCount: 1, restartCount: 0, podUid: 'uid-recreated' });
    expect(kinds(written().transitions)).toEqual(['started:->running']);
  });
});

describe('graceful stop and crash', () => {
  it('stopped: the instance and the pod end as stopped with the signal', () => {
    m.apply(started());
    written();
    m.apply(stopped(a, T0 + 500));
    expect(inst(A)).toMatchObject({
      state: 'stopped',
      endedAt: T0 + 500,
      lastSeen: T0 + 500,
      endReason: 'graceful stop (SIGTERM)',
      exitDetail: 'SIGTERM',
    });
    expect(pod()).toMatchObject({ state: 'stopped', endedAt: T0 + 500, endReason: 'graceful stop (SIGTERM)' });
    const w = written();
    expect(w.transitions).toMatchObject([
      {
        Timestamp: T0 + 500,
        Transition: 'stopped',
        FromState: 'running',
        ToState: 'stopped',
        Reason: 'graceful stop (SIGTERM)',
        Message: 'pod stopped gracefully (SIGTERM)',
      },
    ]);
    expect(w.instances).toEqual([{ id: A, state: 'stopped' }]);
    expect(w.pods).toEqual([{ pod: POD, state: 'stopped' }]);
  });

  it('stopped without a signal', () => {
    m.apply(started());
    m.apply(stopped(a, T0 + 1, ''));
    expect(inst(A)).toMatchObject({ endReason: 'graceful stop', exitDetail: '' });
    expect(written().transitions[1]).toMatchObject({ Reason: 'graceful stop', Message: 'pod stopped gracefully' });
  });

  it('crashed: the exception is the reason, the stack the exit detail', () => {
    m.apply(started());
    m.apply(crashed(a, T0 + 700));
    expect(inst(A)).toMatchObject({
      state: 'crashed',
      endedAt: T0 + 700,
      endReason: 'TypeError: boom',
      exitDetail: 'TypeError: boom\n    at handler (/app/server.js:42:7)',
    });
    expect(pod()).toMatchObject({ state: 'crashed', endReason: 'TypeError: boom' });
    expect(written().transitions[1]).toMatchObject({
      Transition: 'crashed',
      FromState: 'running',
      ToState: 'crashed',
      Reason: 'TypeError: boom',
      Message: 'pod crashed: TypeError: boom',
    });
  });

  it('crashed without exception attributes: Error and the record body; the reason is capped at 1000 chars', () => {
    m.apply(started());
    m.apply(lifecycleEvent('crashed', a, T0 + 1, { body: 'x'.repeat(2000) }));
    expect(inst(A)?.endReason).toBe(`Error: ${'x'.repeat(993)}`);
    expect(inst(A)?.exitDetail).toBe('');
  });

  it('an end event of an unknown instance starts it first (its start was lost)', () => {
    m.apply(crashed(a, T0 + 3));
    expect(kinds(written().transitions)).toEqual(['started:->running', 'crashed:running->crashed']);
    expect(inst(A)?.state).toBe('crashed');
  });
});

describe('restarts: a new instance in the same pod', () => {
  it('replaces a running instance: it ends as `restarted`, the pod counts a restart', () => {
    m.apply(started());
    m.apply(heartbeat(a, T0 + 400));
    written();
    m.apply(started(b, T0 + 1000));
    expect(inst(A)).toMatchObject({
      state: 'restarted',
      endedAt: T0 + 400,
      endReason: 'replaced by instance bbbbbbbb without a stop event',
    });
    expect(pod()).toMatchObject({
      state: 'running',
      instanceCount: 2,
      restartCount: 1,
      currentInstanceId: B,
      lastSeen: T0 + 1000,
    });
    const w = written();
    expect(w.transitions).toMatchObject([
      {
        InstanceId: B,
        Transition: 'restarted',
        FromState: 'running',
        ToState: 'running',
        Reason: 'previous instance aaaaaaaa ended without a stop event (killed or exited abruptly)',
        Message: `pod restarted (restart #1); agent connected. Agent: bbbbbbbb@${POD} (10.1.2.3)`,
      },
    ]);
    expect(w.instances).toEqual([
      { id: B, state: 'running' },
      { id: A, state: 'restarted' },
    ]);
  });

  it.each([
    ['a graceful stop', () => m.apply(stopped(a, T0 + 100)), 'stopped', 'stopped gracefully (SIGTERM)'],
    ['a crash', () => m.apply(crashed(a, T0 + 100)), 'crashed', 'crashed: TypeError: boom'],
    [
      'a kill',
      () => {
        now += 3 * HB + 1;
        m.detectVanished(now);
      },
      'killed',
      'was killed (vanished: no heartbeat for 3 intervals (3s) and no stop event)',
    ],
  ])('after %s the restart says how the previous instance ended', (_name, end, podState, how) => {
    m.apply(started());
    end();
    written();
    m.apply(started(b, T0 + 5000));
    expect(inst(A)?.state).toBe(podState);
    expect(written().transitions).toMatchObject([
      { Transition: 'restarted', FromState: podState, Reason: `previous instance aaaaaaaa ${how}` },
    ]);
  });

  it('counts every restart; an instance that replaced another ended "without a stop event"', () => {
    m.apply(started());
    m.apply(started(b, T0 + 10));
    m.apply(started(c, T0 + 20));
    expect(pod()).toMatchObject({ instanceCount: 3, restartCount: 2, currentInstanceId: C });
    expect(written().transitions.map((t) => t.Message.slice(0, 26))).toEqual([
      'pod started; agent connect',
      'pod restarted (restart #1)',
      'pod restarted (restart #2)',
    ]);
    expect([A, B, C].map((id) => inst(id)?.state)).toEqual(['restarted', 'restarted', 'running']);
  });

  it('the restart after a stopped replacement says how that replacement ended', () => {
    m.apply(started());
    m.apply(started(b, T0 + 10));
    m.apply(stopped(b, T0 + 20));
    written();
    m.apply(started(c, T0 + 30));
    expect(written().transitions[0]?.Reason).toBe('previous instance bbbbbbbb stopped gracefully (SIGTERM)');
  });
});

describe('re-delivery: the same events applied again change nothing', () => {
  it('a whole history re-applied (as after a rebalance) writes nothing new', () => {
    const history = [
      started(),
      heartbeat(a, T0 + 1000),
      crashed(a, T0 + 1500),
      started(b, T0 + 3000),
      heartbeat(b, T0 + 4000),
      stopped(b, T0 + 5000),
    ];
    for (const ev of history) m.apply(ev);
    const first = written();
    expect(kinds(first.transitions)).toEqual([
      'started:->running',
      'crashed:running->crashed',
      'restarted:crashed->running',
      'stopped:running->stopped',
    ]);
    const before = { a: { ...inst(A) }, b: { ...inst(B) }, pod: { ...pod() } };
    for (const ev of history) m.apply(ev);
    expect(written()).toEqual({ transitions: [], instances: [], pods: [] });
    expect(inst(A)).toEqual(before.a);
    expect(inst(B)).toEqual(before.b);
    expect(pod()).toEqual(before.pod);
  });

  it('an explicit end is not replaced by a different explicit end', () => {
    m.apply(started());
    m.apply(stopped(a, T0 + 10));
    m.apply(crashed(a, T0 + 20));
    expect(inst(A)).toMatchObject({ state: 'stopped', endReason: 'graceful stop (SIGTERM)' });
    m.apply(started(b, T0 + 30));
    m.apply(crashed(b, T0 + 40));
    m.apply(stopped(b, T0 + 50));
    expect(inst(B)).toMatchObject({ state: 'crashed', endReason: 'TypeError: boom' });
    expect(kinds(written().transitions)).toEqual([
      'started:->running',
      'stopped:running->stopped',
      'restarted:stopped->running',
      'crashed:running->crashed',
    ]);
  });
});

describe('events out of order', () => {
  it('an older heartbeat does not move LastSeen back', () => {
    m.apply(started());
    m.apply(heartbeat(a, T0 + 2000));
    m.apply(heartbeat(a, T0 + 1000));
    expect(inst(A)?.lastSeen).toBe(T0 + 2000);
    expect(pod()?.lastSeen).toBe(T0 + 2000);
  });

  it('a start delivered after the stop of the same instance adds nothing', () => {
    m.apply(stopped(a, T0 + 100));
    m.apply(started(a, T0));
    expect(inst(A)).toMatchObject({ state: 'stopped', endedAt: T0 + 100 });
    expect(kinds(written().transitions)).toEqual(['started:->running', 'stopped:running->stopped']);
  });

  it('a late stop of an instance already replaced corrects it and leaves the pod to its successor', () => {
    m.apply(started());
    m.apply(started(b, T0 + 1000));
    written();
    m.apply(stopped(a, T0 + 900));
    expect(inst(A)).toMatchObject({ state: 'stopped', endedAt: T0 + 900 });
    expect(pod()).toMatchObject({ state: 'running', currentInstanceId: B });
    const w = written();
    expect(kinds(w.transitions)).toEqual(['stopped:restarted->stopped']);
    expect(w.pods).toEqual([]);
  });
});

describe('vanish: killed after N missed heartbeats (injected clock)', () => {
  it('kills a silent instance after vanishHeartbeats intervals, not before', () => {
    m.apply(started());
    m.apply(heartbeat(a, T0 + 100));
    written();
    now = T0 + 3 * HB;
    m.detectVanished(now);
    expect(inst(A)?.state).toBe('running');
    now += 1;
    m.detectVanished(now);
    const reason = 'vanished: no heartbeat for 3 intervals (3s) and no stop event';
    expect(inst(A)).toMatchObject({ state: 'killed', endedAt: T0 + 100, endReason: reason });
    expect(pod()).toMatchObject({ state: 'killed', endedAt: T0 + 100, endReason: reason });
    const w = written();
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
    expect(written().transitions).toEqual([]);
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
    expect(written().transitions.at(-1)).toMatchObject({ Transition: 'killed', FromState: 'running' });
  });

  it('heartbeats resuming after a kill bring the instance back (`ready`)', () => {
    m.apply(started());
    now = T0 + 3 * HB + 1;
    m.detectVanished(now);
    written();
    m.apply(heartbeat(a, T0 + 5000));
    expect(inst(A)).toMatchObject({ state: 'running', endedAt: null, endReason: '', lastSeen: T0 + 5000 });
    expect(pod()).toMatchObject({ state: 'running', endedAt: null, endReason: '' });
    const w = written();
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
    written();
    m.apply(heartbeat(a, T0 + 500));
    m.apply(heartbeat(a, T0 + 200));
    expect(inst(A)?.state).toBe('killed');
    expect(written().transitions).toEqual([]);
  });

  it('an explicit stop after a kill corrects it', () => {
    m.apply(started());
    now = T0 + 3 * HB + 1;
    m.detectVanished(now);
    written();
    m.apply(stopped(a, T0 + 50));
    expect(inst(A)).toMatchObject({ state: 'stopped', endedAt: T0 + 50 });
    expect(pod()?.state).toBe('stopped');
    expect(kinds(written().transitions)).toEqual(['stopped:killed->stopped']);
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
    expect(due).toEqual([sighting(a, T0 - 5)]);
    expect(m.takeDueSightings(now)).toEqual([]);
    m.registerFromSpans(due[0]!, now);
    expect(inst(A)).toMatchObject({ state: 'running', readyAt: null, fromSpans: true, lastHeardLocal: now });
    expect(written().transitions).toMatchObject([
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
    written();
    m.apply(started(a, T0));
    expect(inst(A)).toMatchObject({ fromSpans: false, readyAt: T0, startedAt: T0 - 1000, heartbeatMs: HB });
    const w = written();
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
    written();
    m.apply(heartbeat(a, T0 + 9_999));
    expect(written()).toEqual({ transitions: [], instances: [], pods: [] });
    m.apply(heartbeat(a, T0 + 10_000));
    expect(written()).toEqual({
      transitions: [],
      instances: [{ id: A, state: 'running' }],
      pods: [{ pod: POD, state: 'running' }],
    });
    m.apply(heartbeat(a, T0 + 15_000));
    expect(written().instances).toEqual([]);
  });

  it('a changed heartbeat interval is rewritten at once', () => {
    m.apply(started());
    written();
    m.apply(heartbeat(a, T0 + 1, 2 * HB));
    expect(inst(A)?.heartbeatMs).toBe(2 * HB);
    expect(written().instances).toEqual([{ id: A, state: 'running' }]);
  });

  it('markStaleLastSeen picks up running instances loaded with an old written LastSeen', () => {
    m = machine({ seenWriteMs: 10_000 });
    const loaded = { ...newInstance(a, {}, T0, HB, false, now), lastSeen: T0 + 20_000, lastWrittenSeen: T0 };
    const ended = { ...newInstance(b, {}, T0, HB, false, now), state: 'stopped' as const, lastSeen: T0 + 20_000 };
    expect(m.adoptInstance(loaded)).toBe(true);
    expect(m.adoptInstance(ended)).toBe(true);
    m.markStaleLastSeen();
    expect(written().instances).toEqual([{ id: A, state: 'running' }]);
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

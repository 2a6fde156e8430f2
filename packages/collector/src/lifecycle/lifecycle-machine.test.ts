import { beforeEach, describe, expect, it } from 'vitest';
import { lifecycleEvent, podIdentity } from '../testing/lifecycle-events.js';
import {
  A,
  a,
  B,
  b,
  C,
  c,
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
import type { LifecycleMachine } from './lifecycle-machine.js';

/**
 * The lifecycle state machine without ClickHouse or Kafka, event by event: every transition,
 * re-delivery of the same events, events out of order. (What the clock drives, and the pending
 * writes: lifecycle-machine-time.test.ts.)
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
    const w = written(m);
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
    expect(written(m).transitions[0]?.Message).toBe(`pod started; agent connected. Agent: aaaaaaaa@${POD}`);
  });

  it('a first heartbeat of an unknown instance starts it (the start event was lost)', () => {
    m.apply(heartbeat(a, T0 + 5));
    expect(inst(A)).toMatchObject({ state: 'running', startedAt: T0 + 5, readyAt: T0 + 5 });
    expect(written(m).transitions.map((t) => t.Reason)).toEqual([
      'first instance (start event not received; first heartbeat)',
    ]);
  });

  it('a new pod uid under an existing pod name is a new pod, not a restart', () => {
    m.apply(started());
    m.apply(stopped(a, T0 + 10));
    written(m);
    m.apply(started(podIdentity(POD, B, { podUid: 'uid-recreated' }), T0 + 20));
    expect(pod()).toMatchObject({ state: 'running', instanceCount: 1, restartCount: 0, podUid: 'uid-recreated' });
    expect(kinds(written(m).transitions)).toEqual(['started:->running']);
  });

  it("a new process of a known pod whose identity derives another workload is stored under the pod's", () => {
    m.apply(started());
    written(m);
    m.apply(started(podIdentity(POD, B, { workload: 'web-proxy', workloadKind: '', serviceName: 'proxy' }), T0 + 20));
    expect(pod()).toMatchObject({ workload: 'web', workloadKind: 'Deployment', instanceCount: 2 });
    expect(inst(B)).toMatchObject({ workload: 'web', workloadKind: 'Deployment', serviceName: 'proxy' });
    expect(m.pending.takeTransitions().map((t) => [t.Transition, t.Workload])).toEqual([['restarted', 'web']]);
  });

  it('a new pod under a reused name takes its own workload', () => {
    m.apply(started());
    m.apply(stopped(a, T0 + 10));
    written(m);
    m.apply(started(podIdentity(POD, B, { podUid: 'uid-recreated', workload: 'jobs', workloadKind: 'Job' }), T0 + 20));
    expect(pod()).toMatchObject({ workload: 'jobs', workloadKind: 'Job', podUid: 'uid-recreated' });
    expect(inst(B)).toMatchObject({ workload: 'jobs', workloadKind: 'Job' });
  });
});

describe('graceful stop and crash', () => {
  it('stopped: the instance and the pod end as stopped with the signal', () => {
    m.apply(started());
    written(m);
    m.apply(stopped(a, T0 + 500));
    expect(inst(A)).toMatchObject({
      state: 'stopped',
      endedAt: T0 + 500,
      lastSeen: T0 + 500,
      endReason: 'graceful stop (SIGTERM)',
      exitDetail: 'SIGTERM',
    });
    expect(pod()).toMatchObject({ state: 'stopped', endedAt: T0 + 500, endReason: 'graceful stop (SIGTERM)' });
    const w = written(m);
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
    expect(written(m).transitions[1]).toMatchObject({ Reason: 'graceful stop', Message: 'pod stopped gracefully' });
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
    expect(written(m).transitions[1]).toMatchObject({
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
    expect(kinds(written(m).transitions)).toEqual(['started:->running', 'crashed:running->crashed']);
    expect(inst(A)?.state).toBe('crashed');
  });
});

describe('restarts: a new instance in the same pod', () => {
  it('replaces a running instance: it ends as `restarted`, the pod counts a restart', () => {
    m.apply(started());
    m.apply(heartbeat(a, T0 + 400));
    written(m);
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
    const w = written(m);
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
    written(m);
    m.apply(started(b, T0 + 5000));
    expect(inst(A)?.state).toBe(podState);
    expect(written(m).transitions).toMatchObject([
      { Transition: 'restarted', FromState: podState, Reason: `previous instance aaaaaaaa ${how}` },
    ]);
  });

  it('counts every restart; an instance that replaced another ended "without a stop event"', () => {
    m.apply(started());
    m.apply(started(b, T0 + 10));
    m.apply(started(c, T0 + 20));
    expect(pod()).toMatchObject({ instanceCount: 3, restartCount: 2, currentInstanceId: C });
    expect(written(m).transitions.map((t) => t.Message.slice(0, 26))).toEqual([
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
    written(m);
    m.apply(started(c, T0 + 30));
    expect(written(m).transitions[0]?.Reason).toBe('previous instance bbbbbbbb stopped gracefully (SIGTERM)');
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
    const first = written(m);
    expect(kinds(first.transitions)).toEqual([
      'started:->running',
      'crashed:running->crashed',
      'restarted:crashed->running',
      'stopped:running->stopped',
    ]);
    const before = { a: { ...inst(A) }, b: { ...inst(B) }, pod: { ...pod() } };
    for (const ev of history) m.apply(ev);
    expect(written(m)).toEqual({ transitions: [], instances: [], pods: [] });
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
    expect(kinds(written(m).transitions)).toEqual([
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
    expect(kinds(written(m).transitions)).toEqual(['started:->running', 'stopped:running->stopped']);
  });

  it('a late stop of an instance already replaced corrects it and leaves the pod to its successor', () => {
    m.apply(started());
    m.apply(started(b, T0 + 1000));
    written(m);
    m.apply(stopped(a, T0 + 900));
    expect(inst(A)).toMatchObject({ state: 'stopped', endedAt: T0 + 900 });
    expect(pod()).toMatchObject({ state: 'running', currentInstanceId: B });
    const w = written(m);
    expect(kinds(w.transitions)).toEqual(['stopped:restarted->stopped']);
    expect(w.pods).toEqual([]);
  });
});

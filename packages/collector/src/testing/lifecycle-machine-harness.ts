import { LIFECYCLE_ATTRS } from '@podtrail/contracts';
import { LifecycleMachine } from '../lifecycle/lifecycle-machine.js';
import type { LifecycleMachineOptions } from '../lifecycle/lifecycle-settings.js';
import type { PodScope } from '../lifecycle/partition-ownership.js';
import type { TransitionRow } from '../lifecycle/transition-record.js';
import { lifecycleEvent, podIdentity, restartOf } from './lifecycle-events.js';

/**
 * The lifecycle state machine's unit tests: one pod, three processes of it (A, B, C), events with
 * heartbeat interval HB, a scope the test flips, and what a successful write would store.
 */
export const T0 = 1_800_000_000_000;
export const HB = 1000;
export const A = 'aaaaaaaa-0000-4000-8000-000000000001';
export const B = 'bbbbbbbb-0000-4000-8000-000000000002';
export const C = 'cccccccc-0000-4000-8000-000000000003';
export const POD = 'web-7d9f8b6c5d-x2x4z';

export const a = podIdentity(POD, A);
export const b = restartOf(a, B);
export const c = restartOf(a, C);

/** Owns everything and is caught up until the test says otherwise. */
export class TestScope implements PodScope {
  owned = true;
  caughtUp = true;
  owns(): boolean {
    return this.owned;
  }
  isCaughtUp(): boolean {
    return this.caughtUp;
  }
}

export type TestMachineOptions = Partial<Omit<LifecycleMachineOptions, 'now' | 'vanishHeartbeats'>>;

/** A machine with vanishHeartbeats 3, a default interval of 5 s and the test's clock. */
export function testMachine(now: () => number, scope: PodScope, o: TestMachineOptions = {}): LifecycleMachine {
  return new LifecycleMachine({ scope, vanishHeartbeats: 3, defaultHeartbeatIntervalMs: 5000, ...o, now });
}

export const started = (id = a, ts = T0, hb = HB) => lifecycleEvent('started', id, ts, { heartbeatIntervalMs: hb });
export const heartbeat = (id = a, ts = T0, hb = HB) => lifecycleEvent('heartbeat', id, ts, { heartbeatIntervalMs: hb });
export const stopped = (id = a, ts = T0, signal = 'SIGTERM') =>
  lifecycleEvent('stopped', id, ts, { attributes: signal ? { [LIFECYCLE_ATTRS.signal]: signal } : {} });
export const crashed = (id = a, ts = T0, attributes: Record<string, string> = {}, body = '') =>
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
export function written(m: LifecycleMachine) {
  const transitions = m.pending.takeTransitions();
  const instances = m.takeDirty('instances');
  const pods = m.takeDirty('pods');
  m.pending.confirmWritten(instances);
  m.pending.confirmWritten(pods);
  return {
    transitions,
    instances: instances.entries.map((e) => ({ id: e.instanceId, state: e.state })),
    pods: pods.entries.map((e) => ({ pod: e.podName, state: e.state })),
  };
}

/** Transitions as `transition:from->to`. */
export const kinds = (rows: TransitionRow[]) => rows.map((r) => `${r.Transition}:${r.FromState}->${r.ToState}`);

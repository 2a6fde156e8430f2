import type { LiveTransition } from '@podtrail/contracts';
import type { TrackedInstance } from './tracked.js';

/** A `pod_transitions` row, as the tracker inserts it (JSONEachRow). */
export interface TransitionRow {
  Timestamp: number;
  Namespace: string;
  Workload: string;
  ServiceName: string;
  PodName: string;
  InstanceId: string;
  Transition: string;
  FromState: string;
  ToState: string;
  Reason: string;
  Message: string;
}

/** What a transition says, beyond the instance it happened to. */
export interface TransitionFacts {
  tsMs: number;
  /** started | ready | restarted | stopped | crashed | killed */
  transition: string;
  fromState: string;
  toState: string;
  reason: string;
  message: string;
}

/** The `pod_transitions` row of a transition of `inst`. */
export function transitionRow(inst: TrackedInstance, t: TransitionFacts): TransitionRow {
  return {
    Timestamp: Math.floor(t.tsMs),
    Namespace: inst.namespace,
    Workload: inst.workload,
    ServiceName: inst.serviceName,
    PodName: inst.podName,
    InstanceId: inst.instanceId,
    Transition: t.transition,
    FromState: t.fromState,
    ToState: t.toState,
    Reason: t.reason,
    Message: t.message,
  };
}

/**
 * The live record of a stored transition: the one place the tracker builds what it publishes on
 * the live topic (`LiveRecord {kind: 'transition'}`).
 */
export function liveTransition(row: TransitionRow): LiveTransition {
  return {
    ts: row.Timestamp,
    namespace: row.Namespace,
    workload: row.Workload,
    serviceName: row.ServiceName,
    podName: row.PodName,
    instanceId: row.InstanceId,
    transition: row.Transition,
    fromState: row.FromState,
    toState: row.ToState,
    reason: row.Reason,
    message: row.Message,
  };
}

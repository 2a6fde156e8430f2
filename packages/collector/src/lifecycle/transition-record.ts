import type { PodTransitionRow } from './pod-transition.js';
import type { TrackedInstance } from './tracked.js';

/** A `pod_transitions` row, as the tracker inserts it (JSONEachRow); `toPodTransition` maps it for REST and live. */
export type TransitionRow = PodTransitionRow;

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

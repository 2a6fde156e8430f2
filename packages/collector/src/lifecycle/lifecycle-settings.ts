import type { PodScope } from './partition-ownership.js';

/** The machine's settings from the collector's config (the tracker passes them on). */
export interface LifecycleMachineSettings {
  vanishHeartbeats: number;
  defaultHeartbeatIntervalMs: number;
  /** instances seen only through spans end after this long without data */
  idleEndMs?: number;
  /** how often LastSeen is re-written while nothing else changes */
  seenWriteMs?: number;
  /** bound of the span-only instances waiting for registration (see PendingSpanPods) */
  maxPendingSpanPods?: number;
  /** an ended pod is forgotten with its instances this long after it was last heard of (local clock) */
  forgetEndedAfterMs?: number;
}

export interface LifecycleMachineOptions extends LifecycleMachineSettings {
  scope: PodScope;
  now?: () => number;
}

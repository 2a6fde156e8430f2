/**
 * The live stream. Ingest publishes, after each successful ClickHouse insert, per-second
 * per-pod aggregates of what it stored (and lifecycle transitions) to the `live` topic.
 * Every collector process reads that topic with its own consumer group, so each one can serve
 * every pod to its WebSocket clients even when the ingest partitions are split across
 * collectors, and no client causes a ClickHouse query.
 */
export const LIVE_TOPIC = 'podtrail.live';

export interface LivePodSecond {
  /** epoch seconds of the bucket (transaction end time) */
  ts: number;
  serviceName: string;
  namespace: string;
  workload: string;
  podName: string;
  instanceId: string;
  count: number;
  errors: number;
  durationSumMs: number;
  durationMaxMs: number;
  /** Apdex counts against the service threshold in force at ingest */
  satisfied: number;
  tolerating: number;
  frustrated: number;
}

export interface LiveTransition {
  ts: number;
  namespace: string;
  workload: string;
  serviceName: string;
  podName: string;
  instanceId: string;
  /** started | ready | restarted | stopped | crashed | killed */
  transition: string;
  fromState: string;
  toState: string;
  reason: string;
  message: string;
}

/** One record on the live topic. */
export type LiveRecord = { kind: 'pod-seconds'; rows: LivePodSecond[] } | { kind: 'transition'; event: LiveTransition };

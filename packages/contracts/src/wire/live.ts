import type { KubernetesChange } from '../api/live.js';
import type { PodTransition } from '../api/pods.js';
import type { LatencyBucketCount } from '../rules/latency-buckets.js';

/**
 * The live stream. Ingest publishes, after each successful ClickHouse insert, per-second
 * per-pod aggregates of what it stored (and lifecycle transitions) to the `live` topic.
 * Every collector process reads that topic with its own consumer group, so each one can serve
 * every pod to its WebSocket clients even when the ingest partitions are split across
 * collectors, and no client causes a ClickHouse query.
 */
export const LIVE_TOPIC = 'podtrail.live';

/**
 * The most entries a row's latency histogram can have: one per bucket (`bucketOfNs` gives
 * 0..255). The live hub refuses longer ones.
 */
export const LIVE_LATENCY_MAX_BUCKETS = 256;

/**
 * What one collector stored of one pod's transactions that ended in one second. Nothing in it is
 * classified against an Apdex threshold: the hub applies T when it closes the second.
 */
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
  /**
   * The transactions' latency histogram, sparse, one entry per occupied bucket (the buckets of
   * the stored tx_1s table): counts add up to `count`, errors to `errors`.
   */
  latency: LatencyBucketCount[];
}

/** One record on the live topic. */
export type LiveRecord =
  | { kind: 'pod-seconds'; rows: LivePodSecond[] }
  | { kind: 'transition'; event: PodTransition }
  /** what the cluster watcher's leader stored (kubernetes/live-changes.ts) */
  | { kind: 'kubernetes'; change: KubernetesChange };

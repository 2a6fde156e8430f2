/**
 * The latency histogram shared by the stored aggregates (tx_1s, tx_1m), the live stream and every
 * percentile and Apdex estimate. Bucket b covers [2^(b/4), 2^((b+1)/4)) microseconds; durations
 * below 1 µs land in bucket 0, above ~2^64 µs in bucket 255. The relative width of a bucket, and so
 * the worst relative error of an estimate inside it, is 2^(1/4) - 1 ≈ 18.9 %.
 */
export const BUCKETS_PER_DOUBLING = 4;
export const MAX_RELATIVE_ERROR = 2 ** (1 / BUCKETS_PER_DOUBLING) - 1;

/** Lower edge of bucket b in milliseconds. */
export function bucketLowerMs(b: number): number {
  return 2 ** (b / BUCKETS_PER_DOUBLING) / 1000;
}

/** Bucket of a duration in nanoseconds (what `LATENCY_BUCKET_SQL` computes in ClickHouse). */
export function bucketOfNs(durationNs: number): number {
  const us = Math.max(durationNs, 1000) / 1000;
  return Math.min(255, Math.max(0, Math.floor(BUCKETS_PER_DOUBLING * Math.log2(us))));
}

/** `bucketOfNs` over the spans table's `DurationNs` column. */
export const LATENCY_BUCKET_SQL =
  'toUInt8(least(255, greatest(0, floor(4 * log2(greatest(DurationNs, 1000) / 1000)))))';

/** One bucket of a sparse histogram: [bucket, transactions, of which failed]. */
export type LatencyBucketCount = [bucket: number, count: number, errors: number];

import { bucketLowerMs, type LatencyBucketCount } from '@podtrail/contracts/rules';
import { num } from './query-util.js';

/**
 * A latency histogram read from tx_1s / tx_1m (buckets of `@podtrail/contracts/rules`: bucket b
 * covers [2^(b/4), 2^((b+1)/4)) microseconds) with the duration sum, min and max. Quantiles are
 * estimated by finding the bucket that holds the rank-⌈q·N⌉ transaction and interpolating
 * log-linearly inside it, then clamping to the observed [min, max]. The true quantile lies in the
 * same bucket, so the relative error is below MAX_RELATIVE_ERROR = 2^(1/4) - 1 ≈ 18.9% (typically
 * much less).
 */
export class Histogram {
  /** bucket -> count */
  readonly counts = new Map<number, number>();
  /** bucket -> errors */
  readonly errors = new Map<number, number>();
  total = 0;
  errorTotal = 0;
  sumNs = 0;
  minNs = Number.POSITIVE_INFINITY;
  maxNs = 0;
  /** sortedBuckets() until the next add or merge (three quantiles of a row read it three times) */
  private sorted: number[] | null = null;

  add(bucket: number, count: number, errors = 0): void {
    if (count <= 0) return;
    this.sorted = null;
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + count);
    if (errors) this.errors.set(bucket, (this.errors.get(bucket) ?? 0) + errors);
    this.total += count;
    this.errorTotal += errors;
  }

  addStats(sumNs: number, minNs: number, maxNs: number): void {
    this.sumNs += sumNs;
    if (minNs < this.minNs) this.minNs = minNs;
    if (maxNs > this.maxNs) this.maxNs = maxNs;
  }

  merge(o: Histogram): void {
    this.sorted = null;
    for (const [b, c] of o.counts) this.counts.set(b, (this.counts.get(b) ?? 0) + c);
    for (const [b, e] of o.errors) this.errors.set(b, (this.errors.get(b) ?? 0) + e);
    this.total += o.total;
    this.errorTotal += o.errorTotal;
    this.addStats(o.sumNs, o.minNs, o.maxNs);
  }

  sortedBuckets(): readonly number[] {
    this.sorted ??= [...this.counts.keys()].sort((a, b) => a - b);
    return this.sorted;
  }

  /** q in (0, 1]; milliseconds, or null without data. */
  quantileMs(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let cum = 0;
    for (const b of this.sortedBuckets()) {
      const c = this.counts.get(b)!;
      if (cum + c >= rank) return quantileInBucketMs(b, rank - cum, c, this.minNs, this.maxNs);
      cum += c;
    }
    return this.maxNs / 1e6;
  }

  avgMs(): number | null {
    return this.total ? this.sumNs / this.total / 1e6 : null;
  }
  minMs(): number | null {
    return this.total && Number.isFinite(this.minNs) ? this.minNs / 1e6 : null;
  }
  maxMs(): number | null {
    return this.total ? this.maxNs / 1e6 : null;
  }

  /** The histogram as `[bucket, count, errors]` (what the shared Apdex and live rules read). */
  buckets(): LatencyBucketCount[] {
    return [...this.counts].map(([b, c]): LatencyBucketCount => [b, c, this.errors.get(b) ?? 0]);
  }
}

/** bucketLowerMs of every bucket and of the end of the last (a power per row and quantile otherwise) */
const LOWER_MS = Array.from({ length: 257 }, (_, b) => bucketLowerMs(b));

/**
 * The quantile whose rank is the `offset`-th (1-based) of the `count` transactions in `bucket`,
 * interpolated log-linearly inside the bucket and clamped to the observed [minNs, maxNs] (minNs
 * infinite, maxNs 0: unknown).
 */
function quantileInBucketMs(bucket: number, offset: number, count: number, minNs: number, maxNs: number): number {
  const lo = LOWER_MS[bucket] ?? bucketLowerMs(bucket);
  const hi = LOWER_MS[bucket + 1] ?? bucketLowerMs(bucket + 1);
  let v = lo * (hi / lo) ** (offset / count);
  if (Number.isFinite(minNs)) v = Math.max(v, minNs / 1e6);
  if (maxNs > 0) v = Math.min(v, maxNs / 1e6);
  return v;
}

/**
 * A histogram as parallel arrays, buckets ascending and distinct (what ClickHouse's sumMap gives);
 * counts and errors as numbers or, as 64-bit integers may come, decimal strings.
 */
export interface SortedBuckets {
  buckets: readonly number[];
  counts: readonly (number | string)[];
  errors: readonly (number | string)[];
}

/**
 * What a Histogram of these buckets and stats answers (count, errors, quantiles in ascending order
 * of `qs`), in one pass and without building one: for the thousands of rows of a velocity answer.
 */
export function summarizeSortedBuckets(
  h: SortedBuckets,
  qs: readonly number[],
  minNs: number,
  maxNs: number,
): { count: number; errors: number; quantilesMs: (number | null)[] } {
  let count = 0;
  let errors = 0;
  for (let i = 0; i < h.counts.length; i++) {
    const c = num(h.counts[i]);
    if (c > 0) {
      count += c;
      errors += num(h.errors[i]);
    }
  }
  const quantilesMs: (number | null)[] = [];
  let i = 0;
  let cum = 0;
  for (const q of qs) {
    if (count === 0) {
      quantilesMs.push(null);
      continue;
    }
    const rank = Math.max(1, Math.ceil(q * count));
    let c = 0;
    for (; i < h.counts.length; i++) {
      c = num(h.counts[i]);
      if (c <= 0) continue;
      if (cum + c >= rank) break;
      cum += c;
    }
    quantilesMs.push(
      i < h.counts.length ? quantileInBucketMs(h.buckets[i]!, rank - cum, c, minNs, maxNs) : maxNs / 1e6,
    );
  }
  return { count, errors, quantilesMs };
}

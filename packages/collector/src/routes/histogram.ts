/**
 * The tx_1s latency histogram. Bucket b covers [2^(b/4), 2^((b+1)/4)) microseconds (durations
 * below 1 µs land in bucket 0). Quantiles are estimated by finding the bucket that holds the
 * rank-⌈q·N⌉ transaction and interpolating log-linearly inside it, then clamping to the observed
 * [min, max]. The true quantile lies in the same bucket, so the relative error is below
 * 2^(1/4) - 1 ≈ 18.9% (typically much less).
 */

export const BUCKETS_PER_DOUBLING = 4;
export const MAX_RELATIVE_ERROR = 2 ** (1 / BUCKETS_PER_DOUBLING) - 1;

/** Lower edge of bucket b in milliseconds. */
export function bucketLowerMs(b: number): number {
  return 2 ** (b / BUCKETS_PER_DOUBLING) / 1000;
}

/** Bucket of a duration in nanoseconds, exactly as the tx_1s materialized view computes it. */
export function bucketOfNs(durationNs: number): number {
  const us = Math.max(durationNs, 1000) / 1000;
  return Math.min(255, Math.max(0, Math.floor(4 * Math.log2(us))));
}

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

  add(bucket: number, count: number, errors = 0): void {
    if (count <= 0) return;
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
    for (const [b, c] of o.counts) this.counts.set(b, (this.counts.get(b) ?? 0) + c);
    for (const [b, e] of o.errors) this.errors.set(b, (this.errors.get(b) ?? 0) + e);
    this.total += o.total;
    this.errorTotal += o.errorTotal;
    this.addStats(o.sumNs, o.minNs, o.maxNs);
  }

  sortedBuckets(): number[] {
    return [...this.counts.keys()].sort((a, b) => a - b);
  }

  /** q in (0, 1]; milliseconds, or null without data. */
  quantileMs(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let cum = 0;
    for (const b of this.sortedBuckets()) {
      const c = this.counts.get(b)!;
      if (cum + c >= rank) {
        const f = (rank - cum) / c;
        const lo = bucketLowerMs(b);
        const hi = bucketLowerMs(b + 1);
        let v = lo * (hi / lo) ** f;
        if (Number.isFinite(this.minNs)) v = Math.max(v, this.minNs / 1e6);
        if (this.maxNs > 0) v = Math.min(v, this.maxNs / 1e6);
        return v;
      }
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

  /**
   * Apdex estimated from buckets (long windows only): errors are frustrated; a bucket straddling
   * T or 4T is split log-linearly.
   */
  apdexEstimate(tMs: number): { satisfied: number; tolerating: number; frustrated: number } {
    let satisfied = 0;
    let tolerating = 0;
    let frustrated = 0;
    const t = tMs;
    const t4 = 4 * tMs;
    for (const [b, c] of this.counts) {
      const e = this.errors.get(b) ?? 0;
      const ok = c - e;
      frustrated += e;
      const lo = bucketLowerMs(b);
      const hi = bucketLowerMs(b + 1);
      const below = (x: number) => (x <= lo ? 0 : x >= hi ? 1 : Math.log(x / lo) / Math.log(hi / lo));
      const fs = below(t);
      const ft = below(t4);
      const s = Math.round(ok * fs);
      const tt = Math.round(ok * ft) - s;
      satisfied += s;
      tolerating += tt;
      frustrated += ok - s - tt;
    }
    return { satisfied, tolerating, frustrated };
  }
}

export function apdexScore(a: { satisfied: number; tolerating: number; frustrated: number }): number | null {
  const n = a.satisfied + a.tolerating + a.frustrated;
  return n ? (a.satisfied + a.tolerating / 2) / n : null;
}

/** Standard Apdex ratings folded into three classes: >= 0.85 satisfying, >= 0.5 tolerating. */
export function apdexClass(score: number | null): 'satisfying' | 'tolerating' | 'frustrating' | 'none' {
  if (score === null) return 'none';
  if (score >= 0.85) return 'satisfying';
  if (score >= 0.5) return 'tolerating';
  return 'frustrating';
}

import { type LatencyBucketCount } from '@podtrail/contracts/rules';
/**
 * A latency histogram read from tx_1s / tx_1m (buckets of `@podtrail/contracts/rules`: bucket b
 * covers [2^(b/4), 2^((b+1)/4)) microseconds) with the duration sum, min and max. Quantiles are
 * estimated by finding the bucket that holds the rank-⌈q·N⌉ transaction and interpolating
 * log-linearly inside it, then clamping to the observed [min, max]. The true quantile lies in the
 * same bucket, so the relative error is below MAX_RELATIVE_ERROR = 2^(1/4) - 1 ≈ 18.9% (typically
 * much less).
 */
export declare class Histogram {
    /** bucket -> count */
    readonly counts: Map<number, number>;
    /** bucket -> errors */
    readonly errors: Map<number, number>;
    total: number;
    errorTotal: number;
    sumNs: number;
    minNs: number;
    maxNs: number;
    add(bucket: number, count: number, errors?: number): void;
    addStats(sumNs: number, minNs: number, maxNs: number): void;
    merge(o: Histogram): void;
    sortedBuckets(): number[];
    /** q in (0, 1]; milliseconds, or null without data. */
    quantileMs(q: number): number | null;
    avgMs(): number | null;
    minMs(): number | null;
    maxMs(): number | null;
    /** The histogram as `[bucket, count, errors]` (what the shared Apdex and live rules read). */
    buckets(): LatencyBucketCount[];
}
//# sourceMappingURL=histogram.d.ts.map
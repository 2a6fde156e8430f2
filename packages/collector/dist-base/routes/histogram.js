import { bucketLowerMs } from '@podtrail/contracts/rules';
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
    counts = new Map();
    /** bucket -> errors */
    errors = new Map();
    total = 0;
    errorTotal = 0;
    sumNs = 0;
    minNs = Number.POSITIVE_INFINITY;
    maxNs = 0;
    add(bucket, count, errors = 0) {
        if (count <= 0)
            return;
        this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + count);
        if (errors)
            this.errors.set(bucket, (this.errors.get(bucket) ?? 0) + errors);
        this.total += count;
        this.errorTotal += errors;
    }
    addStats(sumNs, minNs, maxNs) {
        this.sumNs += sumNs;
        if (minNs < this.minNs)
            this.minNs = minNs;
        if (maxNs > this.maxNs)
            this.maxNs = maxNs;
    }
    merge(o) {
        for (const [b, c] of o.counts)
            this.counts.set(b, (this.counts.get(b) ?? 0) + c);
        for (const [b, e] of o.errors)
            this.errors.set(b, (this.errors.get(b) ?? 0) + e);
        this.total += o.total;
        this.errorTotal += o.errorTotal;
        this.addStats(o.sumNs, o.minNs, o.maxNs);
    }
    sortedBuckets() {
        return [...this.counts.keys()].sort((a, b) => a - b);
    }
    /** q in (0, 1]; milliseconds, or null without data. */
    quantileMs(q) {
        if (this.total === 0)
            return null;
        const rank = Math.max(1, Math.ceil(q * this.total));
        let cum = 0;
        for (const b of this.sortedBuckets()) {
            const c = this.counts.get(b);
            if (cum + c >= rank) {
                const f = (rank - cum) / c;
                const lo = bucketLowerMs(b);
                const hi = bucketLowerMs(b + 1);
                let v = lo * (hi / lo) ** f;
                if (Number.isFinite(this.minNs))
                    v = Math.max(v, this.minNs / 1e6);
                if (this.maxNs > 0)
                    v = Math.min(v, this.maxNs / 1e6);
                return v;
            }
            cum += c;
        }
        return this.maxNs / 1e6;
    }
    avgMs() {
        return this.total ? this.sumNs / this.total / 1e6 : null;
    }
    minMs() {
        return this.total && Number.isFinite(this.minNs) ? this.minNs / 1e6 : null;
    }
    maxMs() {
        return this.total ? this.maxNs / 1e6 : null;
    }
    /** The histogram as `[bucket, count, errors]` (what the shared Apdex and live rules read). */
    buckets() {
        return [...this.counts].map(([b, c]) => [b, c, this.errors.get(b) ?? 0]);
    }
}
//# sourceMappingURL=histogram.js.map
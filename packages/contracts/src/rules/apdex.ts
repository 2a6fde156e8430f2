import { BUCKETS_PER_DOUBLING, bucketLowerMs, type LatencyBucketCount } from './latency-buckets.js';

/**
 * Apdex (apdex.org): against a threshold T, a transaction is satisfied at <= T, tolerating at
 * <= 4T, frustrated above 4T or when it failed. The threshold is a read-time setting (per service,
 * `PODTRAIL_APDEX_T_MS`): nothing stored or streamed is classified in advance, so a change of T
 * applies to history, REST and the live board alike.
 */
export type ApdexZone = 'satisfied' | 'tolerating' | 'frustrated';

export interface ApdexCounts {
  satisfied: number;
  tolerating: number;
  frustrated: number;
}

/** Pod/workload colours: the Apdex rating scale folded into three classes, `none` without data. */
export type ApdexClass = 'satisfying' | 'tolerating' | 'frustrating';

/** Score at and above which the class is satisfying ("excellent" or "good" on the Apdex scale). */
export const APDEX_SATISFYING_MIN = 0.85;
/** Score at and above which the class is tolerating ("fair" or "poor"); below it frustrating. */
export const APDEX_TOLERATING_MIN = 0.5;

export function apdexZone(durationMs: number, thresholdMs: number, failed: boolean): ApdexZone {
  if (failed || durationMs > 4 * thresholdMs) return 'frustrated';
  return durationMs > thresholdMs ? 'tolerating' : 'satisfied';
}

/** (satisfied + tolerating / 2) / total; null without transactions. */
export function apdexScore(a: ApdexCounts): number | null {
  const n = a.satisfied + a.tolerating + a.frustrated;
  return n > 0 ? (a.satisfied + a.tolerating / 2) / n : null;
}

export function apdexClass(score: number | null): ApdexClass | 'none' {
  if (score === null || !Number.isFinite(score)) return 'none';
  if (score >= APDEX_SATISFYING_MIN) return 'satisfying';
  if (score >= APDEX_TOLERATING_MIN) return 'tolerating';
  return 'frustrating';
}

/**
 * Apdex counts from a latency histogram (the live stream and long REST windows, where single
 * durations are not at hand): failed transactions are frustrated; a bucket that straddles T or 4T
 * is split log-linearly. Exact whenever T and 4T fall on bucket edges or between occupied buckets.
 */
export function apdexFromLatency(buckets: Iterable<LatencyBucketCount>, thresholdMs: number): ApdexCounts {
  let satisfied = 0;
  let tolerating = 0;
  let frustrated = 0;
  const t4 = 4 * thresholdMs;
  for (const [b, c, e] of buckets) {
    const ok = c - e;
    frustrated += e;
    const lo = bucketLowerMs(b);
    const hi = bucketLowerMs(b + 1);
    const below = (x: number) => (x <= lo ? 0 : x >= hi ? 1 : Math.log(x / lo) / Math.log(hi / lo));
    const s = Math.round(ok * below(thresholdMs));
    const t = Math.round(ok * below(t4)) - s;
    satisfied += s;
    tolerating += t;
    frustrated += ok - s - t;
  }
  return { satisfied, tolerating, frustrated };
}

/**
 * `apdexZone` as ClickHouse `countIf` columns `sat`, `tol`, `fru` over a duration (ns), a
 * threshold (ns) and a failed flag, each an SQL expression.
 */
export function apdexCountsSql(durationNs: string, thresholdNs: string, failed: string): string {
  return [
    `countIf(NOT ${failed} AND ${durationNs} <= ${thresholdNs}) AS sat`,
    `countIf(NOT ${failed} AND ${durationNs} > ${thresholdNs} AND ${durationNs} <= 4 * ${thresholdNs}) AS tol`,
    `countIf(${failed} OR ${durationNs} > 4 * ${thresholdNs}) AS fru`,
  ].join(',\n       ');
}

/**
 * `apdexFromLatency` as ClickHouse columns `sat`, `tol`, `fru` over one histogram held in three
 * parallel arrays (buckets, counts, errors) and a threshold in ms, each a column name. Math.round
 * is floor(x + 0.5) here (ClickHouse's round() rounds half to even): per bucket the same rounding,
 * so a sum over pods in SQL gives what summing each pod's `apdexFromLatency` gives.
 */
export function apdexFromLatencySql(buckets: string, counts: string, errors: string, thresholdMs: string): string {
  const lo = `(pow(2, _b / ${BUCKETS_PER_DOUBLING}) / 1000)`;
  const hi = `(pow(2, (_b + 1) / ${BUCKETS_PER_DOUBLING}) / 1000)`;
  const below = (x: string) => `multiIf(${x} <= ${lo}, 0, ${x} >= ${hi}, 1, log(${x} / ${lo}) / log(${hi} / ${lo}))`;
  const rounded = (x: string) =>
    `arraySum((_b, _c, _e) -> toInt64(floor(toFloat64(_c - _e) * ${below(x)} + 0.5)), ${buckets}, ${counts}, ${errors})`;
  const sat = rounded(thresholdMs);
  return [
    `${sat} AS sat`,
    `${rounded(`(4 * ${thresholdMs})`)} - sat AS tol`,
    `toInt64(arraySum(${counts})) - sat - tol AS fru`,
  ].join(',\n       ');
}

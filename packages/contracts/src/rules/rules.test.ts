import { describe, expect, it } from 'vitest';
import { apdexClass, apdexCountsSql, apdexFromLatency, apdexScore, apdexZone } from './apdex.js';
import { bucketLowerMs, bucketOfNs, type LatencyBucketCount, MAX_RELATIVE_ERROR } from './latency-buckets.js';
import { isFailedTransaction, isTransactionSpan, OTLP_SPAN_FLAGS, OTLP_SPAN_KIND } from './transaction.js';

const REMOTE = OTLP_SPAN_FLAGS.contextHasIsRemote | OTLP_SPAN_FLAGS.contextIsRemote;
const LOCAL = OTLP_SPAN_FLAGS.contextHasIsRemote;

describe('isTransactionSpan', () => {
  it.each([
    ['server, root', OTLP_SPAN_KIND.server, false, undefined, true],
    ['server, local parent', OTLP_SPAN_KIND.server, true, LOCAL, true],
    ['consumer, root', OTLP_SPAN_KIND.consumer, false, undefined, true],
    ['consumer, remote parent', OTLP_SPAN_KIND.consumer, true, REMOTE, true],
    ['consumer, local parent', OTLP_SPAN_KIND.consumer, true, LOCAL, false],
    ['internal, remote parent', OTLP_SPAN_KIND.internal, true, REMOTE, true],
    ['unspecified, remote parent', OTLP_SPAN_KIND.unspecified, true, REMOTE, true],
    ['internal, root', OTLP_SPAN_KIND.internal, false, undefined, false],
    ['internal, remoteness unknown', OTLP_SPAN_KIND.internal, true, OTLP_SPAN_FLAGS.contextIsRemote, false],
    ['client', OTLP_SPAN_KIND.client, true, REMOTE, false],
    ['producer', OTLP_SPAN_KIND.producer, false, undefined, false],
  ])('%s', (_name, kind, hasParent, flags, expected) => {
    expect(isTransactionSpan(kind, hasParent, flags)).toBe(expected);
  });
});

describe('isFailedTransaction', () => {
  it('is the Error status or an HTTP 5xx', () => {
    expect(isFailedTransaction(2, 200)).toBe(true);
    expect(isFailedTransaction(0, 500)).toBe(true);
    expect(isFailedTransaction(1, 503)).toBe(true);
    expect(isFailedTransaction(0, 499)).toBe(false);
    expect(isFailedTransaction(1, 0)).toBe(false);
  });
});

describe('latency buckets', () => {
  it('puts a duration in the bucket whose edges hold it', () => {
    for (const ms of [0.0005, 0.001, 0.7, 1, 13, 250, 999.9, 4000, 65_000]) {
      const b = bucketOfNs(ms * 1e6);
      if (ms >= 0.001) {
        expect(bucketLowerMs(b)).toBeLessThanOrEqual(ms * (1 + 1e-12));
        expect(bucketLowerMs(b + 1)).toBeGreaterThan(ms);
      } else expect(b).toBe(0);
    }
    expect(bucketLowerMs(1) / bucketLowerMs(0) - 1).toBeCloseTo(MAX_RELATIVE_ERROR, 12);
  });
});

describe('Apdex', () => {
  it('zones a transaction against T and 4T; a failed one is frustrated', () => {
    expect(apdexZone(500, 500, false)).toBe('satisfied');
    expect(apdexZone(501, 500, false)).toBe('tolerating');
    expect(apdexZone(2000, 500, false)).toBe('tolerating');
    expect(apdexZone(2001, 500, false)).toBe('frustrated');
    expect(apdexZone(1, 500, true)).toBe('frustrated');
  });

  it('scores and classes', () => {
    expect(apdexScore({ satisfied: 95, tolerating: 95, frustrated: 10 })).toBeCloseTo(0.7125);
    expect(apdexScore({ satisfied: 0, tolerating: 0, frustrated: 0 })).toBeNull();
    expect(apdexClass(0.85)).toBe('satisfying');
    expect(apdexClass(0.7)).toBe('tolerating');
    expect(apdexClass(0.2)).toBe('frustrating');
    expect(apdexClass(null)).toBe('none');
  });

  it('counts from a histogram equal the per-transaction zones when T does not split a bucket', () => {
    const durationsMs = [3, 40, 120, 180, 600, 900, 1500, 2600, 9000, 20];
    const failed = new Set([1, 9]);
    const t = bucketLowerMs(bucketOfNs(250e6)); // an edge: no bucket straddles T
    const hist = new Map<number, LatencyBucketCount>();
    const exact = { satisfied: 0, tolerating: 0, frustrated: 0 };
    durationsMs.forEach((ms, i) => {
      const b = bucketOfNs(ms * 1e6);
      const cur = hist.get(b) ?? [b, 0, 0];
      cur[1]++;
      if (failed.has(i)) cur[2]++;
      hist.set(b, cur);
      const z = apdexZone(ms, t, failed.has(i));
      exact[z]++;
    });
    // 4T is an edge too (4 = 2^(8/4))
    expect(apdexFromLatency(hist.values(), t)).toEqual(exact);
  });

  it('splits a straddling bucket log-linearly', () => {
    const b = bucketOfNs(500e6);
    const lo = bucketLowerMs(b);
    const hi = bucketLowerMs(b + 1);
    const mid = Math.sqrt(lo * hi); // half of the bucket, log scale
    expect(apdexFromLatency([[b, 10, 0]], mid)).toEqual({ satisfied: 5, tolerating: 5, frustrated: 0 });
  });

  it('renders the zone rule as countIf columns', () => {
    expect(apdexCountsSql('d', 't', 'e')).toBe(
      'countIf(NOT e AND d <= t) AS sat,\n       countIf(NOT e AND d > t AND d <= 4 * t) AS tol,\n       countIf(e OR d > 4 * t) AS fru',
    );
  });
});

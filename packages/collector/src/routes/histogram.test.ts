import { apdexClass, apdexScore, bucketLowerMs, bucketOfNs, MAX_RELATIVE_ERROR } from '@podtrail/contracts/rules';
import { describe, expect, it } from 'vitest';
import { Histogram, summarizeSortedBuckets } from './histogram.js';
import { escapeLike, niceStep, parseTime, resolveRange } from './query-util.js';

function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('summarizeSortedBuckets', () => {
  it('answers exactly what a Histogram of the same buckets and stats answers', () => {
    const rnd = lcg(7);
    const qs = [0.5, 0.95, 0.99];
    for (let trial = 0; trial < 500; trial++) {
      // sparse ascending buckets, some with no transactions (errors there are not counted)
      const buckets: number[] = [];
      for (let b = Math.floor(rnd() * 20); b < 120 && buckets.length < 12; b += 1 + Math.floor(rnd() * 9))
        buckets.push(b);
      const counts = buckets.map(() => (rnd() < 0.2 ? 0 : 1 + Math.floor(rnd() * 50)));
      const errors = counts.map((c) => Math.floor(rnd() * (c + 2)));
      const h = new Histogram();
      for (const [i, b] of buckets.entries()) h.add(b, counts[i]!, errors[i]!);
      const minNs = 1e6 * bucketLowerMs(buckets[0] ?? 0) * (1 + rnd() / 10);
      const maxNs = trial % 7 === 0 ? 0 : 1e6 * bucketLowerMs((buckets.at(-1) ?? 0) + 1) * (1 - rnd() / 10);
      if (h.total > 0) h.addStats(0, minNs, maxNs);
      const got = summarizeSortedBuckets(
        { buckets, counts, errors },
        qs,
        h.total > 0 ? minNs : Number.POSITIVE_INFINITY,
        h.total > 0 ? maxNs : 0,
      );
      expect(got).toEqual({ count: h.total, errors: h.errorTotal, quantilesMs: qs.map((q) => h.quantileMs(q)) });
    }
  });
});

describe('histogram quantiles', () => {
  it('stay within the documented relative error of the exact order statistic', () => {
    const rnd = lcg(42);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(rnd() * 2000);
      const values: number[] = [];
      const h = new Histogram();
      for (let i = 0; i < n; i++) {
        const ns = Math.round(Math.exp(Math.log(1e6) + rnd() * 10));
        values.push(ns);
        h.add(bucketOfNs(ns), 1);
        h.addStats(ns, ns, ns);
      }
      values.sort((a, b) => a - b);
      for (const q of [0.5, 0.9, 0.95, 0.99, 1]) {
        const exact = values[Math.max(1, Math.ceil(q * n)) - 1]! / 1e6;
        const est = h.quantileMs(q)!;
        expect(est / exact).toBeLessThanOrEqual(1 + MAX_RELATIVE_ERROR + 1e-12);
        expect(exact / est).toBeLessThanOrEqual(1 + MAX_RELATIVE_ERROR + 1e-12);
      }
    }
  });

  it('quantiles follow buckets added or merged after an earlier quantile', () => {
    const h = new Histogram();
    h.add(40, 10);
    expect(h.quantileMs(0.5)).toBe(bucketLowerMs(40) * (bucketLowerMs(41) / bucketLowerMs(40)) ** 0.5);
    h.add(20, 30);
    expect(h.sortedBuckets()).toEqual([20, 40]);
    expect(h.quantileMs(0.5)).toBe(bucketLowerMs(20) * (bucketLowerMs(21) / bucketLowerMs(20)) ** (20 / 30));
    const o = new Histogram();
    o.add(10, 60);
    h.merge(o);
    expect(h.sortedBuckets()).toEqual([10, 20, 40]);
    expect(h.quantileMs(0.5)).toBe(bucketLowerMs(10) * (bucketLowerMs(11) / bucketLowerMs(10)) ** (50 / 60));
  });

  it('buckets match the tx_1s definition', () => {
    expect(bucketOfNs(0)).toBe(0);
    expect(bucketOfNs(1000)).toBe(0);
    expect(bucketOfNs(2000)).toBe(4);
    expect(bucketOfNs(1e6)).toBe(Math.floor(4 * Math.log2(1000)));
    for (const ns of [1234, 56789, 1e6, 3e9]) {
      const b = bucketOfNs(ns);
      expect(bucketLowerMs(b) * 1e6).toBeLessThanOrEqual(ns);
      expect(bucketLowerMs(b + 1) * 1e6).toBeGreaterThan(ns);
    }
  });

  it('Apdex score and classes', () => {
    expect(apdexScore({ satisfied: 95, tolerating: 95, frustrated: 10 })).toBeCloseTo(0.7125);
    expect(apdexClass(0.9)).toBe('satisfying');
    expect(apdexClass(0.7)).toBe('tolerating');
    expect(apdexClass(0.2)).toBe('frustrating');
    expect(apdexClass(null)).toBe('none');
  });
});

describe('query utilities', () => {
  it('parses times', () => {
    const now = Date.UTC(2025, 0, 2, 3, 4, 5);
    expect(parseTime('1700000000000', now, 'from')).toBe(1700000000000);
    expect(parseTime('now', now, 'from')).toBe(now);
    expect(parseTime('now-15m', now, 'from')).toBe(now - 900_000);
    expect(parseTime('now-2d', now, 'from')).toBe(now - 2 * 86_400_000);
    expect(parseTime('2025-01-01T00:00:00', now, 'from')).toBe(Date.UTC(2025, 0, 1));
    expect(parseTime('2025-01-01T01:00:00+01:00', now, 'from')).toBe(Date.UTC(2025, 0, 1));
    expect(() => parseTime('2025-13-45', now, 'from')).toThrow();
    expect(() => resolveRange({ from: 'now', to: 'now-1h' }, now)).toThrow(/before/);
    expect(() => resolveRange({ from: 'now-40d' }, now)).toThrow(/longer/);
    expect(resolveRange({}, now)).toEqual({ fromMs: now - 900_000, toMs: now });
  });

  it('escapes LIKE patterns', () => {
    expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
  });

  it('picks heatmap steps with at most the asked columns', () => {
    expect(niceStep(300, 300)).toBe(1);
    expect(niceStep(3600, 300)).toBe(15);
    expect(niceStep(86_400, 300)).toBe(300);
    expect(niceStep(7 * 86_400, 300)).toBe(3600);
  });
});

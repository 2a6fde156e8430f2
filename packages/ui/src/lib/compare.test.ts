import { describe, expect, it } from 'vitest';
import type { CompareWindow } from '../api/types.js';
import { alignDistributions, errorRateDelta, latencyRatio, volumeRatio } from './compare.js';

const w = (distribution: { leMs: number; count: number }[]): CompareWindow => ({
  from: '2023-11-14T22:00:00.000Z',
  to: '2023-11-14T22:10:00.000Z',
  errors: 0,
  p50Ms: 0,
  p99Ms: 0,
  transactions: 0,
  tps: 0,
  avgMs: 0,
  minMs: 0,
  maxMs: 0,
  p95Ms: 0,
  errorRate: 0,
  distribution,
});

describe('window comparison', () => {
  it('phrases ratios like the load-test table', () => {
    expect(volumeRatio(53_582, 93_869)).toBe('175%');
    expect(volumeRatio(55_582, 93_869)).toBe('169%');
    expect(latencyRatio(2374, 919)).toBe('2.58x faster');
    expect(latencyRatio(2374, 971)).toBe('2.44x faster');
    expect(latencyRatio(100, 120)).toBe('1.20x slower');
    expect(latencyRatio(0, 120)).toBe('–');
    expect(errorRateDelta(0.01, 0.025)).toBe('+1.50 pp');
  });
  it('aligns two distributions as shares of each window', () => {
    const d = alignDistributions(
      w([
        { leMs: 10, count: 1 },
        { leMs: 100, count: 3 },
      ]),
      w([
        { leMs: 100, count: 1 },
        { leMs: 1000, count: 1 },
      ]),
    );
    expect(d).toEqual({ le: [10, 100, 1000], a: [25, 75, 0], b: [0, 50, 50] });
  });
});

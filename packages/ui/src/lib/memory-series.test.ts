import { describe, expect, it } from 'vitest';
import type { MemorySeries } from '../api/types.js';
import { memoryChartData } from './memory-series.js';

const point = (ms: number, rss: number, heapUsed: number, eld: number | null) => ({
  ts: new Date(ms).toISOString(),
  rss,
  heapUsed,
  heapLimit: 4000,
  external: 10,
  arrayBuffers: 5,
  eventLoopDelayP99Ms: eld,
  eventLoopDelayMaxMs: eld,
});

describe('memoryChartData', () => {
  it('runs from the start to the last word heard, limits across, one column per heartbeat between', () => {
    const memory: MemorySeries = {
      heartbeats: 2,
      bucketMs: 0,
      heapLimit: 4000,
      containerMemoryLimit: 5000,
      endsAt: new Date(10_000).toISOString(),
      points: [point(2000, 1000, 500, 1.5), point(4000, 1200, 600, null)],
    };
    const d = memoryChartData(memory, 1000);
    expect(d.t).toEqual([1, 2, 4, 10]);
    expect(d.rss).toEqual([null, 1000, 1200, null]);
    expect(d.heapUsed).toEqual([null, 500, 600, null]);
    expect(d.eventLoopP99Ms).toEqual([null, 1.5, null, null]);
    expect(d.heapLimit).toEqual([4000, 4000, 4000, 4000]);
    expect(d.containerLimit).toEqual([5000, 5000, 5000, 5000]);
    expect([d.fromSec, d.toSec]).toEqual([1, 10]);
    expect([d.minData, d.maxData, d.maxLimit]).toEqual([500, 1200, 5000]);
    // 5000 > 4 × 1200: the limits would flatten the curve on a linear axis
    expect(d.logScale).toBe(true);
  });

  it('no container limit: a null line; linear while the data is near (or above) the limit', () => {
    const memory: MemorySeries = {
      heartbeats: 1,
      bucketMs: 0,
      heapLimit: 100,
      containerMemoryLimit: null,
      endsAt: new Date(3000).toISOString(),
      points: [point(3000, 900, 80, 2)],
    };
    const d = memoryChartData(memory, 3000);
    expect(d.t).toEqual([3]);
    expect(d.containerLimit).toEqual([null]);
    expect([d.minData, d.maxData, d.maxLimit]).toEqual([80, 900, 100]);
    expect(d.logScale).toBe(false);
  });
});

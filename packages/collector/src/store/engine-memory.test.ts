import type { ClickHouseClient } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { EngineMemorySampler, parseJemallocTotals } from './engine-memory.js';

// the summary line of chDB 26.7's system.jemalloc_stats
const LINE =
  'Allocated: 25809232, active: 26320896, metadata: 5195680 (n_thp 0, edata 131200, rtree 4194304), resident: 31424512, mapped: 41156608, retained: 8126464';

/** A reader answering the two sampling queries (a fake: this is a unit test of the sampler). */
function fakeReader(opts: { fail?: () => boolean; noJemalloc?: boolean; tracked?: () => number } = {}) {
  const calls: string[] = [];
  const reader = {
    async query({ query }: { query: string }) {
      calls.push(query);
      if (opts.fail?.()) throw new Error('engine closed');
      if (query.includes('jemalloc_stats')) {
        if (opts.noJemalloc) throw new Error("Unknown table expression identifier 'system.jemalloc_stats'");
        return { json: async () => [{ line: LINE }] };
      }
      return {
        json: async () => [
          { metric: 'MemoryTracking', value: String(opts.tracked?.() ?? 9214390) },
          { metric: 'MarkCacheBytes', value: '0' },
        ],
      };
    },
  };
  return { reader: reader as unknown as ClickHouseClient, calls };
}

describe('parseJemallocTotals', () => {
  it("reads every total of jemalloc's summary line", () => {
    expect(parseJemallocTotals(LINE)).toEqual({
      allocated: 25809232,
      active: 26320896,
      metadata: 5195680,
      resident: 31424512,
      mapped: 41156608,
      retained: 8126464,
    });
  });
  it('is null for text without the totals', () => {
    expect(parseJemallocTotals('')).toBeNull();
    expect(parseJemallocTotals('Allocated: 12')).toBeNull();
  });
});

describe('EngineMemorySampler', () => {
  it('answers a sample younger than maxAgeMs without querying again, and queries once it is older', async () => {
    let now = 1_000;
    let tracked = 100;
    const f = fakeReader({ tracked: () => tracked });
    const s = new EngineMemorySampler(f.reader, { maxAgeMs: 5_000, now: () => now });
    expect((await s.sample())?.metrics).toEqual({ MemoryTracking: 100, MarkCacheBytes: 0 });
    tracked = 200;
    now += 4_999;
    expect((await s.sample())?.metrics.MemoryTracking).toBe(100);
    expect(s.queries).toBe(1);
    now += 1;
    expect((await s.sample())?.metrics.MemoryTracking).toBe(200);
    expect(s.queries).toBe(2);
    expect(f.calls).toHaveLength(4);
  });

  it('shares one query between concurrent scrapes', async () => {
    const f = fakeReader();
    const s = new EngineMemorySampler(f.reader, { maxAgeMs: 0 });
    const all = await Promise.all([s.sample(), s.sample(), s.sample()]);
    expect(s.queries).toBe(1);
    expect(all.map((x) => x?.jemalloc?.resident)).toEqual([31424512, 31424512, 31424512]);
  });

  it('counts a failed sample and answers the last good one (null before any)', async () => {
    let failing = true;
    const f = fakeReader({ fail: () => failing });
    const s = new EngineMemorySampler(f.reader, { maxAgeMs: 0 });
    expect(await s.sample()).toBeNull();
    expect(s.errors).toBe(1);
    failing = false;
    expect((await s.sample())?.metrics.MemoryTracking).toBe(9214390);
    failing = true;
    expect((await s.sample())?.metrics.MemoryTracking).toBe(9214390);
    expect(s.errors).toBe(2);
  });

  it('keeps the metrics when the build has no jemalloc statistics', async () => {
    const s = new EngineMemorySampler(fakeReader({ noJemalloc: true }).reader, { maxAgeMs: 0 });
    const got = await s.sample();
    expect(got).toEqual({ metrics: { MemoryTracking: 9214390, MarkCacheBytes: 0 }, jemalloc: null });
    expect(s.errors).toBe(0);
  });
});

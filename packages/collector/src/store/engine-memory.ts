import type { ClickHouseClient } from '@clickhouse/client';

/**
 * What the embedded engine (chDB, in the collector's process) says its memory is made of. chDB has
 * no `system.asynchronous_metrics`; the allocator's totals come from `system.jemalloc_stats` (the
 * text of jemalloc's malloc_stats_print), the rest from `system.metrics`.
 */
export interface EngineMemorySample {
  /** `system.metrics` values by metric name (MemoryTracking, cache bytes, parts, merges) */
  metrics: Record<string, number>;
  /** jemalloc's totals in bytes, null when this build has no jemalloc statistics */
  jemalloc: JemallocTotals | null;
}

export interface JemallocTotals {
  allocated: number;
  active: number;
  metadata: number;
  resident: number;
  mapped: number;
  retained: number;
}

/** The `system.metrics` read at each sample (those absent from this engine version are skipped). */
export const ENGINE_METRICS = [
  'MemoryTracking',
  'MergesMutationsMemoryTracking',
  'Merge',
  'PartsActive',
  'PartsOutdated',
  'PartsTemporary',
  'MarkCacheBytes',
  'IndexMarkCacheBytes',
  'PrimaryIndexCacheBytes',
  'UncompressedCacheBytes',
  'QueryConditionCacheBytes',
  'CompiledExpressionCacheBytes',
] as const;

/** Parses jemalloc's summary line ("Allocated: N, active: N, metadata: N (...), resident: N, ..."). */
export function parseJemallocTotals(line: string): JemallocTotals | null {
  const field = (name: string): number | null => {
    const m = new RegExp(`\\b${name}: (\\d+)`, 'i').exec(line);
    return m ? Number(m[1]) : null;
  };
  const allocated = field('allocated');
  const active = field('active');
  const metadata = field('metadata');
  const resident = field('resident');
  const mapped = field('mapped');
  const retained = field('retained');
  if (allocated === null || active === null || resident === null || mapped === null) return null;
  return { allocated, active, metadata: metadata ?? 0, resident, mapped, retained: retained ?? 0 };
}

export interface EngineMemorySamplerOptions {
  /** a sample younger than this is answered again without querying (default 5 s) */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * Samples the engine's memory at scrape time. A sample is reused for `maxAgeMs` and concurrent
 * scrapes share the one query in flight, so scrapers cannot pile queries onto the engine. A failed
 * sample is counted and answers the last good one (or null), never an error.
 */
export class EngineMemorySampler {
  private last: { at: number; sample: EngineMemorySample } | null = null;
  private inFlight: Promise<EngineMemorySample | null> | null = null;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  /** samples that failed (the engine busy, closed or refusing the query) */
  errors = 0;
  /** queries run (tests of the cache) */
  queries = 0;

  constructor(
    private readonly reader: ClickHouseClient,
    opts: EngineMemorySamplerOptions = {},
  ) {
    this.maxAgeMs = opts.maxAgeMs ?? 5_000;
    this.now = opts.now ?? Date.now;
  }

  sample(): Promise<EngineMemorySample | null> {
    if (this.last && this.now() - this.last.at < this.maxAgeMs) return Promise.resolve(this.last.sample);
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.read()
      .then(
        (sample) => {
          this.last = { at: this.now(), sample };
          return sample;
        },
        () => {
          this.errors++;
          return this.last?.sample ?? null;
        },
      )
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  private async read(): Promise<EngineMemorySample> {
    this.queries++;
    const rs = await this.reader.query({
      query: 'SELECT metric, value FROM system.metrics WHERE metric IN {names:Array(String)}',
      query_params: { names: [...ENGINE_METRICS] },
      format: 'JSONEachRow',
    });
    const metrics: Record<string, number> = {};
    for (const r of (await rs.json()) as Array<{ metric: string; value: string | number }>)
      metrics[r.metric] = Number(r.value);
    return { metrics, jemalloc: await this.readJemalloc() };
  }

  /** null on a build without jemalloc statistics (no such table): the other figures still count */
  private async readJemalloc(): Promise<JemallocTotals | null> {
    try {
      // only the summary line of a ~50 KB report
      const rs = await this.reader.query({
        query: "SELECT extract(stats, 'Allocated: [^\\n]*') AS line FROM system.jemalloc_stats",
        format: 'JSONEachRow',
      });
      return parseJemallocTotals(((await rs.json()) as Array<{ line: string }>)[0]?.line ?? '');
    } catch {
      return null;
    }
  }
}

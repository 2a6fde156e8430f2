import { Gauge, type Registry } from 'prom-client';
import type { PodLifecycleTracker } from './lifecycle/pod-lifecycle-tracker.js';
import { scrapedMetrics } from './scraped-metrics.js';
import type { EngineMemorySampler } from './store/engine-memory.js';

/**
 * What the collector's memory is made of, on `/metrics` (read at scrape time):
 *
 * - `podtrail_memory_js_bytes{kind}` the JS side (`process.memoryUsage()`): rss, heap_used,
 *   heap_total, external, array_buffers;
 * - with embedded chDB (same process): `podtrail_engine_memory_tracked_bytes` (MemoryTracking: what
 *   the engine counts against its limit), `podtrail_engine_merges_memory_tracked_bytes`,
 *   `podtrail_engine_cache_bytes{cache}`, `podtrail_engine_jemalloc_bytes{kind}` (the engine's
 *   allocator: allocated, active, metadata, resident, mapped, retained),
 *   `podtrail_engine_parts{state}`, `podtrail_engine_merges_running`,
 *   `podtrail_engine_memory_sample_errors_total`;
 * - `podtrail_lifecycle_tracked{map}` entries of the lifecycle tracker's maps (pods, instances,
 *   running instances, pending span-only pods (the candidates), pods known absent).
 */
export interface MemorySources {
  engine: EngineMemorySampler | null;
  tracker: PodLifecycleTracker | null;
}

const CACHES: Record<string, string> = {
  mark: 'MarkCacheBytes',
  index_mark: 'IndexMarkCacheBytes',
  primary_index: 'PrimaryIndexCacheBytes',
  uncompressed: 'UncompressedCacheBytes',
  query_condition: 'QueryConditionCacheBytes',
  compiled_expression: 'CompiledExpressionCacheBytes',
};
const PARTS: Record<string, string> = {
  active: 'PartsActive',
  outdated: 'PartsOutdated',
  temporary: 'PartsTemporary',
};

export function registerMemoryMetrics(registry: Registry, sources: MemorySources): void {
  new Gauge({
    name: 'podtrail_memory_js_bytes',
    help: 'The JS side of the process memory (process.memoryUsage()), by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const m = process.memoryUsage();
      this.set({ kind: 'rss' }, m.rss);
      this.set({ kind: 'heap_used' }, m.heapUsed);
      this.set({ kind: 'heap_total' }, m.heapTotal);
      this.set({ kind: 'external' }, m.external);
      this.set({ kind: 'array_buffers' }, m.arrayBuffers);
    },
  });

  const { tracker, engine } = sources;
  if (tracker)
    new Gauge({
      name: 'podtrail_lifecycle_tracked',
      help: "Entries of the lifecycle tracker's maps (pods, instances, running instances, pending span-only pods (the candidates), pods known absent from the store)",
      labelNames: ['map'] as const,
      registers: [registry],
      collect() {
        const m = tracker.memory();
        this.set({ map: 'pods' }, m.pods);
        this.set({ map: 'instances' }, m.instances);
        this.set({ map: 'running' }, m.running);
        this.set({ map: 'pending_span_pods' }, m.pendingSpanPods);
        this.set({ map: 'known_absent' }, m.knownAbsent);
      },
    });

  if (!engine) return;
  /** a gauge set from one engine sample; nothing when there is none yet */
  const engineGauge = (
    name: string,
    help: string,
    labelName: string | null,
    values: (s: NonNullable<Awaited<ReturnType<EngineMemorySampler['sample']>>>) => Array<[string, number]>,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: labelName ? [labelName] : [],
      registers: [registry],
      async collect() {
        this.reset();
        // concurrent collects share the sampler's one query (and its cache)
        const s = await engine.sample();
        if (!s) return;
        for (const [label, v] of values(s)) {
          if (!Number.isFinite(v)) continue;
          if (labelName) this.set({ [labelName]: label }, v);
          else this.set(v);
        }
      },
    });
  const metric = (s: { metrics: Record<string, number> }, name: string): number => s.metrics[name] ?? Number.NaN;
  engineGauge(
    'podtrail_engine_memory_tracked_bytes',
    "Embedded ClickHouse's tracked memory (MemoryTracking: what counts against PODTRAIL_CHDB_MAX_MEMORY_MB)",
    null,
    (s) => [['', metric(s, 'MemoryTracking')]],
  );
  engineGauge(
    'podtrail_engine_merges_memory_tracked_bytes',
    "Embedded ClickHouse's tracked memory of background merges and mutations",
    null,
    (s) => [['', metric(s, 'MergesMutationsMemoryTracking')]],
  );
  engineGauge('podtrail_engine_merges_running', 'Background merges running in embedded ClickHouse', null, (s) => [
    ['', metric(s, 'Merge')],
  ]);
  engineGauge('podtrail_engine_cache_bytes', "Embedded ClickHouse's caches, by cache", 'cache', (s) =>
    Object.entries(CACHES).map(([label, name]) => [label, metric(s, name)]),
  );
  engineGauge('podtrail_engine_parts', 'Data parts of embedded ClickHouse, by state', 'state', (s) =>
    Object.entries(PARTS).map(([label, name]) => [label, metric(s, name)]),
  );
  engineGauge(
    'podtrail_engine_jemalloc_bytes',
    "Embedded ClickHouse's allocator (jemalloc) totals, by kind (resident: in RAM; retained: unmapped address space kept for reuse, not in RAM)",
    'kind',
    (s) => (s.jemalloc ? Object.entries(s.jemalloc) : []),
  );
  scrapedMetrics(registry).total(
    'podtrail_engine_memory_sample_errors_total',
    "Failed samples of embedded ClickHouse's memory (the last good sample is served)",
    () => engine.errors,
  );
}

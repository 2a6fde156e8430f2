import type { MemorySeries } from '@podtrail/contracts/api';

/** The memory chart's columns: uPlot's aligned data, epoch seconds on x. */
export interface MemoryChartData {
  /** x, epoch seconds: the instance's start, one per heartbeat, and the moment it was last heard from */
  t: number[];
  rss: (number | null)[];
  heapUsed: (number | null)[];
  /** constant lines across the whole chart (null when unknown) */
  heapLimit: (number | null)[];
  containerLimit: (number | null)[];
  eventLoopP99Ms: (number | null)[];
  /** x range: from start to the last word heard */
  fromSec: number;
  toSec: number;
  /** the largest byte value drawn (series and limits), for the y range */
  maxBytes: number;
}

/**
 * Heartbeat points into chart columns. The x range runs from the instance's start to the moment it
 * was last heard from, so the chart ends where the instance did; the limits are drawn across it.
 */
export function memoryChartData(memory: MemorySeries, startedAtMs: number): MemoryChartData {
  const endsMs = Date.parse(memory.endsAt);
  const pts = memory.points.map((p) => ({ ...p, ms: Date.parse(p.ts) })).filter((p) => Number.isFinite(p.ms));
  const fromMs = Math.min(Number.isFinite(startedAtMs) ? startedAtMs : Number.POSITIVE_INFINITY, pts[0]?.ms ?? endsMs);
  const toMs = Math.max(Number.isFinite(endsMs) ? endsMs : Number.NEGATIVE_INFINITY, pts.at(-1)?.ms ?? fromMs);
  const t: number[] = [];
  const rss: (number | null)[] = [];
  const heapUsed: (number | null)[] = [];
  const eventLoopP99Ms: (number | null)[] = [];
  const push = (ms: number, r: number | null, h: number | null, e: number | null) => {
    t.push(ms / 1000);
    rss.push(r);
    heapUsed.push(h);
    eventLoopP99Ms.push(e);
  };
  if (!pts.length || pts[0]!.ms > fromMs) push(fromMs, null, null, null);
  for (const p of pts) push(p.ms, p.rss, p.heapUsed, p.eventLoopDelayP99Ms);
  if (t.at(-1)! < toMs / 1000) push(toMs, null, null, null);
  const heapLimit = t.map(() => memory.heapLimit);
  const containerLimit = t.map(() => memory.containerMemoryLimit);
  let maxBytes = Math.max(memory.heapLimit ?? 0, memory.containerMemoryLimit ?? 0);
  for (const v of [...rss, ...heapUsed]) if (v !== null && v > maxBytes) maxBytes = v;
  return {
    t,
    rss,
    heapUsed,
    heapLimit,
    containerLimit,
    eventLoopP99Ms,
    fromSec: fromMs / 1000,
    toSec: toMs / 1000,
    maxBytes,
  };
}

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
  /** the smallest and largest measured byte values (0 when none) and the largest limit (0 when none) */
  minData: number;
  maxData: number;
  maxLimit: number;
  /**
   * log scale when a limit is far above the measured values (a 4 GiB heap limit over a 60 MiB
   * process): a linear axis would flatten the curve to the floor; a linear one while the curve
   * nears a limit, where a climb shows best
   */
  logScale: boolean;
}

/** A limit this many times above the largest measured value switches the byte axis to log scale. */
export const LOG_SCALE_RATIO = 4;

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
  const maxLimit = Math.max(memory.heapLimit ?? 0, memory.containerMemoryLimit ?? 0);
  let minData = Number.POSITIVE_INFINITY;
  let maxData = 0;
  for (const v of [...rss, ...heapUsed]) {
    if (v === null || v <= 0) continue;
    if (v > maxData) maxData = v;
    if (v < minData) minData = v;
  }
  if (!Number.isFinite(minData)) minData = 0;
  return {
    t,
    rss,
    heapUsed,
    heapLimit,
    containerLimit,
    eventLoopP99Ms,
    fromSec: fromMs / 1000,
    toSec: toMs / 1000,
    minData,
    maxData,
    maxLimit,
    logScale: maxData > 0 && maxLimit > LOG_SCALE_RATIO * maxData,
  };
}

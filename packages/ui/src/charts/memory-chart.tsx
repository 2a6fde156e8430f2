import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { MemorySeries } from '../api/types.js';
import { formatBytes, formatMs } from '../lib/format.js';
import { memoryChartData } from '../lib/memory-series.js';
import { axis, PALETTE, timeAxisValues, UPlotChart } from './uplot-chart.js';

const bytes = (_u: uPlot, v: number | null) => (v === null ? '–' : formatBytes(v));
const ms = (_u: uPlot, v: number | null) => (v === null ? '–' : formatMs(v));

/**
 * An instance's memory (RSS, heap used) and event-loop delay from its heartbeats, with the V8 heap
 * limit and the container memory limit as lines: an OOM climb shows as a curve meeting a line. The
 * chart ends at the moment the instance was last heard from.
 */
export function MemoryChart({
  memory,
  startedAtMs,
  height = 220,
}: {
  memory: MemorySeries;
  startedAtMs: number;
  height?: number;
}) {
  const d = useMemo(() => memoryChartData(memory, startedAtMs), [memory, startedAtMs]);
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      scales: {
        x: { time: true, range: () => [d.fromSec, d.toSec] },
        bytes: d.logScale
          ? { distr: 3, log: 2, range: () => [Math.max(1, d.minData / 2), Math.max(d.maxLimit, d.maxData) * 1.5] }
          : { range: () => [0, Math.max(1, Math.max(d.maxLimit, d.maxData) * 1.08)] },
        ms: { range: (_u, _min, max) => [0, Math.max(10, (max ?? 0) * 1.2)] },
      },
      axes: [
        axis({ values: timeAxisValues, space: 70 }),
        axis({ scale: 'bytes', size: 64, values: (_u, vals) => vals.map((v) => formatBytes(v)) }),
        axis({
          scale: 'ms',
          side: 1,
          size: 52,
          grid: { show: false },
          values: (_u, vals) => vals.map((v) => `${v} ms`),
        }),
      ],
      series: [
        {},
        { label: 'RSS', scale: 'bytes', stroke: PALETTE[0], width: 1.5, value: bytes, spanGaps: true },
        { label: 'heap used', scale: 'bytes', stroke: PALETTE[1], width: 1.5, value: bytes, spanGaps: true },
        { label: 'heap limit', scale: 'bytes', stroke: PALETTE[6], width: 1, dash: [6, 4], value: bytes },
        { label: 'container limit', scale: 'bytes', stroke: PALETTE[5], width: 1, dash: [2, 3], value: bytes },
        { label: 'event-loop p99', scale: 'ms', stroke: PALETTE[2], width: 1, value: ms, spanGaps: true },
      ],
    }),
    [d],
  );
  const data = useMemo<uPlot.AlignedData>(
    () => [d.t, d.rss, d.heapUsed, d.heapLimit, d.containerLimit, d.eventLoopP99Ms],
    [d],
  );
  if (memory.points.length === 0) return <p className="dim">no heartbeat stored for this instance</p>;
  return (
    <div data-testid="memory-chart" data-points={memory.points.length}>
      <UPlotChart options={options} data={data} height={height} className="memory-chart" />
      <p className="dim">
        {memory.heartbeats} heartbeats
        {memory.bucketMs > 0 ? `, maximum per ${formatMs(memory.bucketMs)}` : ''} · heap limit{' '}
        {memory.heapLimit === null ? 'unknown' : formatBytes(memory.heapLimit)} · container limit{' '}
        {memory.containerMemoryLimit === null ? 'none known' : formatBytes(memory.containerMemoryLimit)}
        {d.logScale ? ' · log scale (a limit is far above the curve)' : ''} · ends when last heard from
      </p>
    </div>
  );
}

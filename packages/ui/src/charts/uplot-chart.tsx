import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cancelPaint, deferPaint } from '../lib/deferred-paint.js';
import { useSize } from '../lib/hooks.js';

export interface UPlotChartProps {
  /** options without width/height; a new object rebuilds the chart, so memoize it */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  className?: string;
  testId?: string;
}

/** A uPlot chart that follows its container's width and takes new data without rebuilding. */
export function UPlotChart({ options, data, height, className, testId }: UPlotChartProps) {
  const [ref, size] = useSize<HTMLDivElement>();
  const plot = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;

  const ready = size.width > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt only for new options/height; resizes go through setSize
  useEffect(() => {
    const el = ref.current;
    if (!el || !ready) return;
    const u = new uPlot({ ...options, width: size.width, height }, dataRef.current, el);
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [options, height, ready]);

  useEffect(() => {
    if (plot.current && size.width > 0) plot.current.setSize({ width: size.width, height });
  }, [size.width, height]);

  // new data (the live TPS chart: every second) is drawn in a task of its own, not in the commit's
  useEffect(() => {
    deferPaint(plot, () => plot.current?.setData(data));
  }, [data]);
  useEffect(() => () => cancelPaint(plot), []);

  return <div ref={ref} className={`uplot-wrap ${className ?? ''}`} data-testid={testId} />;
}

export const PALETTE = [
  '#58a6ff',
  '#3fb950',
  '#d2a8ff',
  '#f0883e',
  '#39c5cf',
  '#ff7b72',
  '#e3b341',
  '#a5d6ff',
  '#7ee787',
  '#ffa198',
  '#bc8cff',
  '#56d364',
];

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Time axis labels `HH:MM` (or `HH:MM:SS` when ticks are closer than a minute), one line. */
export function timeAxisValues(_u: uPlot, vals: number[], _ax: number, _space: number, incr: number): string[] {
  return vals.map((v) => {
    const d = new Date(v * 1000);
    const hm = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
    if (incr >= 86_400) return `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
    if (incr >= 3600 * 6) return `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${hm}`;
    return incr < 60 ? `${hm}:${pad2(d.getSeconds())}` : hm;
  });
}

/** Axis styling shared by every chart of the dark theme. */
export function axis(extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: '#8b949e',
    grid: { stroke: '#21262d', width: 1 },
    ticks: { stroke: '#30363d', width: 1, size: 4 },
    font: '11px ui-monospace, SFMono-Regular, Menlo, monospace',
    ...extra,
  };
}

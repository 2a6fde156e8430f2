import { useEffect, useMemo, useRef, useState } from 'react';
import type { HeatmapResponse } from '../api/types.js';
import { timeMs } from '../api/types.js';
import { cancelPaint, deferPaint } from '../lib/deferred-paint.js';
import { formatClock, formatCount, formatDateTime, formatMs } from '../lib/format.js';
import { useSize } from '../lib/hooks.js';
import { timeTicks } from '../lib/time-range.js';
import {
  cellBox,
  cellColor,
  countInSelection,
  type HeatmapGrid,
  latencyTicks,
  latencyToY,
  type PlotRect,
  rectToSelection,
  type Selection,
  selectionBox,
  timeToX,
  xToCol,
  yToRow,
} from './heatmap-geometry.js';

export interface HeatmapProps {
  data: HeatmapResponse | null;
  height: number;
  selection?: Selection | null;
  onSelect?: (sel: Selection, count: number) => void;
  /** larger fonts for the wall screen */
  large?: boolean;
}

const MARGIN = { left: 52, right: 10, top: 8, bottom: 22 };

export function gridOf(d: HeatmapResponse): HeatmapGrid {
  const fromMs = Number.isFinite(d.fromMs) ? d.fromMs : timeMs(d.from);
  const toMsEnd = d.columns > 0 ? fromMs + d.columns * d.stepMs : timeMs(d.to);
  return { fromMs, toMs: toMsEnd, stepMs: d.stepMs, boundsMs: d.latencyBoundsMs };
}

/**
 * The T-Map: finished transactions by end time (x) and response time (y, log buckets), colour =
 * how many. Drag a rectangle to select the transactions inside it; a click selects one cell.
 */
export function Heatmap({ data, height, selection, onSelect, large }: HeatmapProps) {
  const [wrapRef, size] = useSize<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const [hover, setHover] = useState<{ x: number; y: number; col: number; row: number } | null>(null);
  const width = size.width;
  const grid = useMemo(() => (data ? gridOf(data) : null), [data]);
  const rect: PlotRect = useMemo(
    () => ({
      left: MARGIN.left + (large ? 10 : 0),
      top: MARGIN.top,
      width: Math.max(10, width - MARGIN.left - MARGIN.right - (large ? 10 : 0)),
      height: Math.max(10, height - MARGIN.top - MARGIN.bottom - (large ? 6 : 0)),
    }),
    [width, height, large],
  );
  const counts = useMemo(() => {
    const m = new Map<string, [number, number]>();
    for (const [c, r, n, e] of data?.cells ?? []) m.set(`${c},${r}`, [n, e]);
    return m;
  }, [data]);

  // drawn in a task of its own after the commit (a new answer every 10 s: ~4,500 cells)
  useEffect(() => {
    deferPaint(canvasRef, () => {
      const canvas = canvasRef.current;
      if (!canvas || width <= 0) return;
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      draw(ctx, { width, height, rect, data, grid, selection: selection ?? null, drag, large: !!large });
    });
  }, [width, height, rect, data, grid, selection, drag, large]);
  useEffect(() => () => cancelPaint(canvasRef), []);

  const local = (e: React.MouseEvent) => {
    const b = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return { x: e.clientX - b.left, y: e.clientY - b.top };
  };

  const onMouseDown = (e: React.MouseEvent) => {
    if (!grid || !onSelect || e.button !== 0) return;
    const p = local(e);
    setDrag({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
    e.preventDefault();
  };
  const onMouseMove = (e: React.MouseEvent) => {
    const p = local(e);
    if (drag) setDrag({ ...drag, x1: p.x, y1: p.y });
    if (grid && p.x >= rect.left && p.x <= rect.left + rect.width && p.y >= rect.top && p.y <= rect.top + rect.height) {
      setHover({ x: p.x, y: p.y, col: xToCol(grid, rect, p.x), row: yToRow(grid, rect, p.y) });
    } else setHover(null);
  };
  const finish = (e: React.MouseEvent) => {
    if (!drag || !grid || !data || !onSelect) return;
    const p = local(e);
    const sel = rectToSelection(grid, rect, drag.x0, drag.y0, p.x, p.y);
    setDrag(null);
    onSelect(sel, countInSelection(data.cells, sel));
  };

  const tip =
    hover && grid && data && !drag
      ? (() => {
          const from = grid.fromMs + hover.col * grid.stepMs;
          const lo = grid.boundsMs[hover.row] ?? 0;
          const hi = grid.boundsMs[hover.row + 1] ?? Number.POSITIVE_INFINITY;
          return {
            left: Math.min(hover.x + 12, Math.max(0, width - 190)),
            top: Math.max(0, hover.y - 54),
            text: `${formatClock(from)} – ${formatClock(from + grid.stepMs)}`,
            lat: `${formatMs(lo)} – ${Number.isFinite(hi) ? formatMs(hi) : '∞'}`,
            count: counts.get(`${hover.col},${hover.row}`) ?? [0, 0],
          };
        })()
      : null;

  return (
    <div
      ref={wrapRef}
      className={`heatmap${onSelect ? ' heatmap-selectable' : ''}`}
      style={{ height }}
      data-testid="heatmap"
      data-total={data?.total ?? 0}
    >
      <canvas
        ref={canvasRef}
        style={{ width: '100%', height }}
        onMouseDown={onMouseDown}
        onMouseMove={onMouseMove}
        onMouseUp={finish}
        onMouseLeave={(e) => {
          setHover(null);
          if (drag) finish(e);
        }}
      />
      {tip && (
        <div className="heatmap-tip" style={{ left: tip.left, top: tip.top }}>
          <div>{tip.text}</div>
          <div>{tip.lat}</div>
          <div>
            <b>{formatCount(tip.count[0])}</b> tx
            {tip.count[1] > 0 && <span className="err-text"> · {formatCount(tip.count[1])} err</span>}
          </div>
        </div>
      )}
      {data && data.total === 0 && <div className="heatmap-empty">no transactions in this range</div>}
    </div>
  );
}

interface DrawArgs {
  width: number;
  height: number;
  rect: PlotRect;
  data: HeatmapResponse | null;
  grid: HeatmapGrid | null;
  selection: Selection | null;
  drag: { x0: number; y0: number; x1: number; y1: number } | null;
  large: boolean;
}

function draw(ctx: CanvasRenderingContext2D, a: DrawArgs) {
  const { rect, grid, data } = a;
  const css = getComputedStyle(document.documentElement);
  const muted = css.getPropertyValue('--muted').trim() || '#8b949e';
  const gridLine = css.getPropertyValue('--grid').trim() || '#21262d';
  const plotBg = css.getPropertyValue('--plot-bg').trim() || '#0b0f14';
  ctx.clearRect(0, 0, a.width, a.height);
  ctx.fillStyle = plotBg;
  ctx.fillRect(rect.left, rect.top, rect.width, rect.height);
  ctx.font = `${a.large ? 13 : 11}px ui-monospace, SFMono-Regular, Menlo, monospace`;
  if (!grid || !data) return;

  // y axis: latency on the bucket scale
  ctx.strokeStyle = gridLine;
  ctx.lineWidth = 1;
  ctx.fillStyle = muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  let lastY = Number.POSITIVE_INFINITY;
  for (const v of latencyTicks(grid)) {
    const y = Math.round(latencyToY(grid, rect, v)) + 0.5;
    if (lastY - y < (a.large ? 20 : 16)) continue;
    lastY = y;
    ctx.beginPath();
    ctx.moveTo(rect.left, y);
    ctx.lineTo(rect.left + rect.width, y);
    ctx.stroke();
    ctx.fillText(formatMs(v), rect.left - 6, y);
  }
  // x axis: end time
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const { ticks } = timeTicks(grid.fromMs, grid.toMs, rect.width, a.large ? 110 : 90);
  const long = grid.toMs - grid.fromMs > 86_400_000;
  for (const t of ticks) {
    const x = Math.round(timeToX(grid, rect, t)) + 0.5;
    if (x < rect.left || x > rect.left + rect.width) continue;
    ctx.beginPath();
    ctx.moveTo(x, rect.top);
    ctx.lineTo(x, rect.top + rect.height);
    ctx.stroke();
    const label = long ? formatDateTime(t, { alwaysDate: true }).slice(5, 16) : formatClock(t).slice(0, 5);
    ctx.fillText(label, x, rect.top + rect.height + 5);
  }

  // cells, one path per colour: a colour parsed and a fill recorded per colour, not per cell
  const colourOf = new Map<number, string>();
  const paths = new Map<string, Path2D>();
  for (const [c, r, n] of data.cells) {
    let colour = colourOf.get(n);
    if (colour === undefined) {
      colour = cellColor(n, data.maxCount);
      colourOf.set(n, colour);
    }
    if (colour === 'transparent') continue;
    let path = paths.get(colour);
    if (!path) {
      path = new Path2D();
      paths.set(colour, path);
    }
    const b = cellBox(grid, rect, c, r);
    // a hair of gap keeps neighbouring cells readable when they are large
    const gap = b.w > 6 ? 1 : 0;
    path.rect(b.x, b.y, Math.max(1, b.w - gap), Math.max(1, b.h - (b.h > 6 ? 1 : 0)));
  }
  for (const [colour, path] of paths) {
    ctx.fillStyle = colour;
    ctx.fill(path);
  }

  // selection and the rectangle being dragged
  if (a.selection) {
    const b = selectionBox(grid, rect, a.selection);
    ctx.strokeStyle = '#e6edf3';
    ctx.lineWidth = 1.5;
    ctx.setLineDash([]);
    ctx.strokeRect(b.x + 0.75, b.y + 0.75, b.w - 1.5, b.h - 1.5);
  }
  if (a.drag) {
    const x = Math.min(a.drag.x0, a.drag.x1);
    const y = Math.min(a.drag.y0, a.drag.y1);
    ctx.fillStyle = 'rgba(88,166,255,0.15)';
    ctx.fillRect(x, y, Math.abs(a.drag.x1 - a.drag.x0), Math.abs(a.drag.y1 - a.drag.y0));
    ctx.strokeStyle = '#58a6ff';
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, y + 0.5, Math.abs(a.drag.x1 - a.drag.x0), Math.abs(a.drag.y1 - a.drag.y0));
    ctx.setLineDash([]);
  }
}

/**
 * Pure geometry of the transaction heatmap (T-Map): time columns left to right, latency rows bottom
 * to top on the API's log-scale bucket edges, every row the same height. Used for drawing, for the
 * axis ticks and to turn a dragged rectangle into a time x latency range snapped to whole cells.
 */

export interface PlotRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface HeatmapGrid {
  fromMs: number;
  toMs: number;
  stepMs: number;
  /** latency bucket edges in ms, ascending; rows = edges - 1; the last edge may be Infinity */
  boundsMs: readonly number[];
}

export interface CellBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Selection {
  /** epoch ms, inclusive start of the first selected column */
  fromMs: number;
  /** epoch ms, exclusive end of the last selected column */
  toMs: number;
  /** inclusive lower latency edge in ms */
  minMs: number;
  /** exclusive upper latency edge in ms; Infinity when the top row is open-ended */
  maxMs: number;
  colFrom: number;
  colTo: number;
  rowFrom: number;
  rowTo: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function columnCount(g: HeatmapGrid): number {
  if (!(g.stepMs > 0) || !(g.toMs > g.fromMs)) return 1;
  return Math.max(1, Math.ceil((g.toMs - g.fromMs) / g.stepMs - 1e-9));
}

export function rowCount(g: HeatmapGrid): number {
  return Math.max(1, g.boundsMs.length - 1);
}

/** The pixel box of cell (col, row); row 0 is the lowest latency, drawn at the bottom. */
export function cellBox(g: HeatmapGrid, r: PlotRect, col: number, row: number): CellBox {
  const cw = r.width / columnCount(g);
  const rh = r.height / rowCount(g);
  return { x: r.left + col * cw, y: r.top + r.height - (row + 1) * rh, w: cw, h: rh };
}

export function timeToX(g: HeatmapGrid, r: PlotRect, ms: number): number {
  const span = columnCount(g) * g.stepMs;
  return r.left + ((ms - g.fromMs) / span) * r.width;
}

export function xToTime(g: HeatmapGrid, r: PlotRect, x: number): number {
  const span = columnCount(g) * g.stepMs;
  return g.fromMs + clamp((x - r.left) / r.width, 0, 1) * span;
}

export function xToCol(g: HeatmapGrid, r: PlotRect, x: number): number {
  const cols = columnCount(g);
  return clamp(Math.floor(((x - r.left) / r.width) * cols), 0, cols - 1);
}

export function yToRow(g: HeatmapGrid, r: PlotRect, y: number): number {
  const rows = rowCount(g);
  return clamp(Math.floor(((r.top + r.height - y) / r.height) * rows), 0, rows - 1);
}

/** y of a latency, interpolated on a log scale inside its bucket; clamped to the plot. */
export function latencyToY(g: HeatmapGrid, r: PlotRect, ms: number): number {
  const b = g.boundsMs;
  const rows = rowCount(g);
  const rh = r.height / rows;
  const bottom = r.top + r.height;
  if (b.length < 2 || ms <= (b[0] ?? 0)) return bottom;
  for (let i = 0; i < rows; i++) {
    const lo = b[i] ?? 0;
    const hi = b[i + 1] ?? Number.POSITIVE_INFINITY;
    if (ms < hi) {
      let frac: number;
      if (!Number.isFinite(hi)) frac = 0;
      else if (lo > 0) frac = Math.log(ms / lo) / Math.log(hi / lo);
      else frac = (ms - lo) / (hi - lo);
      return bottom - (i + clamp(frac, 0, 1)) * rh;
    }
  }
  return r.top;
}

/** Latency at a pixel row, the inverse of latencyToY. */
export function yToLatency(g: HeatmapGrid, r: PlotRect, y: number): number {
  const b = g.boundsMs;
  const rows = rowCount(g);
  const pos = clamp((r.top + r.height - y) / (r.height / rows), 0, rows);
  const i = Math.min(rows - 1, Math.floor(pos));
  const frac = pos - i;
  const lo = b[i] ?? 0;
  const hi = b[i + 1] ?? lo;
  if (!Number.isFinite(hi)) return lo;
  if (lo > 0) return lo * (hi / lo) ** frac;
  return lo + (hi - lo) * frac;
}

/**
 * The rectangle an operator dragged (two corners in pixels, any order) as the cells it touches:
 * the time range covers whole columns and the latency range whole rows, so the transactions listed
 * are exactly the ones the highlighted cells counted.
 */
export function rectToSelection(
  g: HeatmapGrid,
  r: PlotRect,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): Selection {
  const colFrom = xToCol(g, r, Math.min(x0, x1));
  const colTo = xToCol(g, r, Math.max(x0, x1));
  const rowFrom = yToRow(g, r, Math.max(y0, y1));
  const rowTo = yToRow(g, r, Math.min(y0, y1));
  return selectionOfCells(g, colFrom, colTo, rowFrom, rowTo);
}

export function selectionOfCells(
  g: HeatmapGrid,
  colFrom: number,
  colTo: number,
  rowFrom: number,
  rowTo: number,
): Selection {
  const fromMs = g.fromMs + colFrom * g.stepMs;
  const toMs = Math.min(g.fromMs + (colTo + 1) * g.stepMs, Math.max(g.toMs, fromMs + g.stepMs));
  const minMs = g.boundsMs[rowFrom] ?? 0;
  const top = g.boundsMs[rowTo + 1];
  const maxMs = top === undefined || !Number.isFinite(top) ? Number.POSITIVE_INFINITY : top;
  return { fromMs, toMs, minMs, maxMs, colFrom, colTo, rowFrom, rowTo };
}

/** Pixel box of a selection, for drawing its outline. */
export function selectionBox(g: HeatmapGrid, r: PlotRect, s: Selection): CellBox {
  const a = cellBox(g, r, s.colFrom, s.rowFrom);
  const b = cellBox(g, r, s.colTo, s.rowTo);
  return { x: a.x, y: b.y, w: b.x + b.w - a.x, h: a.y + a.h - b.y };
}

/** Transactions counted inside a selection. */
export function countInSelection(cells: readonly (readonly number[])[], s: Selection): number {
  let n = 0;
  for (const [c = -1, row = -1, count = 0] of cells) {
    if (c >= s.colFrom && c <= s.colTo && row >= s.rowFrom && row <= s.rowTo) n += count;
  }
  return n;
}

/** Nice latency ticks (1-2-5 per decade) inside the grid's range, for the y axis. */
export function latencyTicks(g: HeatmapGrid): number[] {
  const b = g.boundsMs;
  const lo = Math.max(b[0] ?? 0, 0.001);
  let hi = b[b.length - 1] ?? 1;
  if (!Number.isFinite(hi)) hi = b[b.length - 2] ?? lo * 10;
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo && v <= hi) out.push(Number(v.toPrecision(3)));
    }
  }
  return out;
}

/** Colour of a cell: a log-scaled ramp from deep blue to yellow to red, as density grows. */
export function cellColor(count: number, maxCount: number): string {
  if (count <= 0 || maxCount <= 0) return 'transparent';
  const t = maxCount <= 1 ? 1 : Math.log1p(count) / Math.log1p(maxCount);
  const stops: [number, number, number, number][] = [
    [0, 30, 58, 138],
    [0.35, 14, 165, 233],
    [0.65, 250, 204, 21],
    [1, 239, 68, 68],
  ];
  let i = 0;
  while (i < stops.length - 2 && t > (stops[i + 1]?.[0] ?? 1)) i++;
  const a = stops[i] as [number, number, number, number];
  const b = stops[i + 1] as [number, number, number, number];
  const f = b[0] === a[0] ? 0 : (t - a[0]) / (b[0] - a[0]);
  const mix = (k: 1 | 2 | 3) => Math.round(a[k] + (b[k] - a[k]) * clamp(f, 0, 1));
  return `rgb(${mix(1)},${mix(2)},${mix(3)})`;
}

/** The cells covering a time x latency range (a selection read back from the URL). */
export function selectionFromRange(
  g: HeatmapGrid,
  fromMs: number,
  toMs: number,
  minMs: number,
  maxMs: number,
): Selection {
  const cols = columnCount(g);
  const rows = rowCount(g);
  const colFrom = clamp(Math.floor((fromMs - g.fromMs) / g.stepMs + 1e-9), 0, cols - 1);
  const colTo = clamp(Math.ceil((toMs - g.fromMs) / g.stepMs - 1e-9) - 1, colFrom, cols - 1);
  let rowFrom = 0;
  for (let i = 0; i < rows; i++) if ((g.boundsMs[i] ?? 0) <= minMs + 1e-9) rowFrom = i;
  let rowTo = rows - 1;
  for (let j = rows - 1; j >= rowFrom; j--) {
    const top = g.boundsMs[j + 1] ?? Number.POSITIVE_INFINITY;
    if (top >= maxMs - 1e-9) rowTo = j;
  }
  const s = selectionOfCells(g, colFrom, colTo, rowFrom, rowTo);
  return { ...s, fromMs, toMs, minMs, maxMs };
}

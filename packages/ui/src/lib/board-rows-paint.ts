import type { BoardRow } from './board.js';
import { formatCount, formatMs, formatTps } from './format.js';

/**
 * The moving parts of the velocity board's rows (the rate bar and the four numbers), painted on
 * one canvas per workload instead of ~1,000 DOM text nodes re-laid out and repainted every
 * second at 500 pods. The canvas covers each row from the bar column to its right edge; the
 * columns are those of `.vrow` in styles.css (kept equal: the header row is DOM).
 */
export interface RowGeometry {
  rowHeight: number;
  barHeight: number;
  /** widths of the rate, latency, count and errors columns, and the grid gap */
  numberCols: readonly [number, number, number, number];
  gap: number;
  /** where the canvas starts in the row: left padding + label column + gap */
  canvasLeft: number;
  /** right padding of the row */
  canvasRight: number;
  fontPx: number;
}

/** `.vrow` and `.board-large .vrow` of styles.css */
export const ROW_GEOMETRY: Record<'normal' | 'large', RowGeometry> = {
  normal: {
    rowHeight: 24,
    barHeight: 12,
    numberCols: [76, 70, 70, 56],
    gap: 10,
    canvasLeft: 6 + 150 + 10,
    canvasRight: 6,
    fontPx: 12.5,
  },
  large: {
    rowHeight: 34,
    barHeight: 16,
    numberCols: [100, 90, 90, 64],
    gap: 10,
    canvasLeft: 6 + 190 + 10,
    canvasRight: 6,
    fontPx: 17,
  },
};

export interface Palette {
  text: string;
  textStrong: string;
  dim: string;
  satisfying: string;
  tolerating: string;
  frustrating: string;
  mono: string;
}

/** The theme's colours, read once from the CSS variables (so the canvas follows styles.css). */
export function readPalette(el: Element): Palette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#d0d7de'),
    textStrong: v('--text-strong', '#eef2f6'),
    dim: v('--dim', '#5c6773'),
    satisfying: v('--green', '#3fb950'),
    tolerating: v('--orange', '#f0883e'),
    frustrating: v('--red', '#f85149'),
    mono: v('--mono', 'monospace'),
  };
}

/** Bar length as a share of the bar column: a running pod with traffic shows at least a sliver. */
export function barShare(r: Pick<BoardRow, 'ended' | 'tps'>, maxTps: number): number {
  if (r.ended) return 0;
  return Math.min(1, Math.max(r.tps > 0 ? 0.015 : 0, r.tps / maxTps));
}

/** The x of each column's right edge (numbers are right-aligned) and the bar column's width. */
export function columns(width: number, g: RowGeometry): { barWidth: number; rightEdges: number[] } {
  const numbers = g.numberCols.reduce((s, w) => s + w, 0) + g.gap * g.numberCols.length;
  const barWidth = Math.max(0, width - numbers);
  const rightEdges: number[] = [];
  let x = barWidth;
  for (const w of g.numberCols) {
    x += g.gap + w;
    rightEdges.push(x);
  }
  return { barWidth, rightEdges };
}

function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = Number.parseInt(m[1]!, 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * Paints the rows (CSS pixels; the context is already scaled for the device pixel ratio). With
 * `unchanged` (the rows the canvas shows now, same places and scale) only rows that are not the
 * same objects as there are painted again.
 */
export function paintRows(
  ctx: CanvasRenderingContext2D,
  rows: readonly BoardRow[],
  o: { width: number; maxTps: number; geometry: RowGeometry; palette: Palette; unchanged?: readonly BoardRow[] },
): void {
  const { width, maxTps, geometry: g, palette: p, unchanged } = o;
  if (!unchanged) ctx.clearRect(0, 0, width, rows.length * g.rowHeight);
  const { barWidth, rightEdges } = columns(width, g);
  const font = `${g.fontPx}px ${p.mono}`;
  const bold = `600 ${font}`;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  rows.forEach((r, i) => {
    if (unchanged && unchanged[i] === r) return;
    const top = i * g.rowHeight;
    if (unchanged) ctx.clearRect(0, top, width, g.rowHeight);
    const mid = top + g.rowHeight / 2;
    const active = !r.ended && r.apdexClass !== 'idle';
    const color = active ? p[r.apdexClass as 'satisfying' | 'tolerating' | 'frustrating'] : p.dim;
    const len = barShare(r, maxTps) * barWidth;
    if (len > 0) {
      const grad = ctx.createLinearGradient(0, 0, len, 0);
      grad.addColorStop(0, withAlpha(color, 0.55));
      grad.addColorStop(1, color);
      ctx.fillStyle = active ? grad : p.dim;
      ctx.fillRect(0, mid - g.barHeight / 2, len, g.barHeight);
    }
    ctx.font = active ? bold : font;
    ctx.fillStyle = r.ended ? p.dim : active ? color : p.dim;
    ctx.fillText(formatTps(r.tps), rightEdges[0]!, mid);
    ctx.font = font;
    ctx.fillStyle = r.ended ? p.dim : p.text;
    ctx.fillText(formatMs(r.avgMs), rightEdges[1]!, mid);
    ctx.fillText(formatCount(r.count), rightEdges[2]!, mid);
    ctx.fillStyle = r.errors > 0 ? p.frustrating : p.dim;
    ctx.fillText(r.errors > 0 ? formatCount(r.errors) : '0', rightEdges[3]!, mid);
  });
}

/** What a screen reader reads for a row (its numbers are only painted). */
export function rowLabel(r: BoardRow): string {
  const errors = r.errors > 0 ? `${formatCount(r.errors)} errors` : 'no errors';
  return `${r.label}: ${formatTps(r.tps)}, ${formatMs(r.avgMs)}, ${formatCount(r.count)} transactions, ${errors}`;
}

import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { BoardRow } from '../lib/board.js';
import { type Palette, paintRows, ROW_GEOMETRY, type RowGeometry, readPalette } from '../lib/board-rows-paint.js';
import { cancelPaint, deferPaint } from '../lib/deferred-paint.js';
import { useSize } from '../lib/hooks.js';
import { applyRowNumbers, boardRowStaticAttrs, podHref } from './board-row-attrs.js';

interface Painted {
  rows: readonly BoardRow[];
  maxTps: number;
  width: number;
  geometry: RowGeometry;
  onScreen: boolean;
}

/**
 * One workload's pod rows: each row is a link (label, state, data attributes) laid out once; what
 * changes every second (the rate bar and the numbers) is painted on one canvas over the rows, only
 * while it is on screen, and the row's number attributes, ARIA label and hover text are set on it
 * outside React. When only numbers changed that happens in a task after the commit (deferPaint);
 * when rows came, went or moved, at once, so labels and numbers never disagree on screen.
 */
export function BoardRows({
  rows,
  maxTps,
  large,
  children,
}: {
  rows: readonly BoardRow[];
  maxTps: number;
  large?: boolean;
  /** after the rows ("and N more") */
  children?: React.ReactNode;
}) {
  const [wrapRef, size] = useSize<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const palette = useRef<Palette | null>(null);
  const [onScreen, setOnScreen] = useState(true);
  const g = ROW_GEOMETRY[large ? 'large' : 'normal'];
  const width = Math.max(0, size.width - g.canvasLeft - g.canvasRight);
  /** what the committed DOM shows (set after each commit) and what was painted last */
  const shown = useRef<Painted | null>(null);
  const painted = useRef<Painted | null>(null);
  const owner = useRef({});

  useEffect(() => {
    const el = canvasRef.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      const e = entries.at(-1);
      if (e) setOnScreen(e.isIntersecting);
    });
    io.observe(el);
    return () => io.disconnect();
  }, []);

  useEffect(() => () => cancelPaint(owner.current), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: wrapRef is a ref (read when the paint runs)
  useLayoutEffect(() => {
    const next: Painted = { rows, maxTps, width, geometry: g, onScreen };
    shown.current = next;
    const paint = () => {
      const cur = shown.current;
      if (!cur) return;
      paintShown(cur, painted.current, wrapRef.current, canvasRef.current, palette);
      painted.current = cur;
    };
    if (sameLayout(painted.current, next)) deferPaint(owner.current, paint);
    else {
      cancelPaint(owner.current);
      paint();
    }
  }, [rows, maxTps, width, g, onScreen]);

  return (
    <div className="board-rows" ref={wrapRef}>
      {rows.map((r) => (
        <PodRowLink key={r.key} r={r} />
      ))}
      <canvas
        ref={canvasRef}
        className="board-rows-paint"
        aria-hidden
        data-testid="board-rows-paint"
        style={{ left: g.canvasLeft, width, height: rows.length * g.rowHeight }}
      />
      {children}
    </div>
  );
}

/** The same rows in the same places on a canvas of the same size: only numbers changed. */
function sameLayout(a: Painted | null, b: Painted): boolean {
  if (!a || a.width !== b.width || a.geometry !== b.geometry || a.onScreen !== b.onScreen) return false;
  if (a.rows.length !== b.rows.length) return false;
  for (let i = 0; i < a.rows.length; i++) if (a.rows[i]!.key !== b.rows[i]!.key) return false;
  return true;
}

function paintShown(
  cur: Painted,
  prev: Painted | null,
  wrap: HTMLDivElement | null,
  canvas: HTMLCanvasElement | null,
  palette: { current: Palette | null },
): void {
  const { rows, maxTps, width, geometry: g, onScreen } = cur;
  // the row links come first in the wrapper, in the order of rows
  if (wrap)
    for (let i = 0; i < rows.length; i++) {
      const el = wrap.children[i];
      if (el && el.getAttribute('data-pod') === rows[i]!.podName) applyRowNumbers(el, rows[i]!);
    }
  if (!canvas || width <= 0 || !onScreen) return;
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(width * dpr);
  const h = Math.max(1, Math.round(rows.length * g.rowHeight * dpr));
  const resized = canvas.width !== w || canvas.height !== h;
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  palette.current ??= readPalette(canvas);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  // only the rows that changed, when the rest of the canvas still shows the same rows at the same scale
  const unchanged =
    !resized && prev && prev.onScreen && prev.maxTps === maxTps && sameLayout(prev, cur) ? prev.rows : undefined;
  paintRows(ctx, rows, { width, maxTps, geometry: g, palette: palette.current, unchanged });
}

/** Re-rendered only when what the DOM shows of the row changes (not its numbers: see applyRowNumbers). */
function sameRowDom(a: { r: BoardRow }, b: { r: BoardRow }): boolean {
  const x = a.r;
  const y = b.r;
  return (
    x === y ||
    (x.key === y.key &&
      x.namespace === y.namespace &&
      x.podName === y.podName &&
      x.label === y.label &&
      x.state === y.state &&
      x.ended === y.ended &&
      x.endReason === y.endReason &&
      x.apdexClass === y.apdexClass &&
      x.restartCount === y.restartCount)
  );
}

const PodRowLink = memo(function PodRowLink({ r }: { r: BoardRow }) {
  return (
    <a className={`vrow apdex-${r.ended ? 'ended' : r.apdexClass}`} href={podHref(r)} {...boardRowStaticAttrs(r)}>
      <span className="vlabel">
        <i className="dot" />
        {r.label}
        {r.restartCount > 0 && <span className="restarts">↻{r.restartCount}</span>}
      </span>
      <span className="vbar">
        {r.ended && <em className="ended-reason">{r.endReason ? `${r.state}: ${r.endReason}` : r.state}</em>}
      </span>
    </a>
  );
}, sameRowDom);

import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { BoardRow } from '../lib/board.js';
import { type Palette, paintRows, ROW_GEOMETRY, readPalette, rowLabel } from '../lib/board-rows-paint.js';
import { useSize } from '../lib/hooks.js';
import { boardRowAttrs, podHref, rowTitle } from './board-row-attrs.js';

/**
 * One workload's pod rows: each row is a link (label, state, title, data attributes, an ARIA
 * label with its numbers) laid out once, and the parts that change every second (the rate bar
 * and the numbers) are painted on one canvas over the rows, only while it is on screen.
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

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width <= 0 || !onScreen) return;
    const dpr = window.devicePixelRatio || 1;
    const height = rows.length * g.rowHeight;
    const w = Math.round(width * dpr);
    const h = Math.max(1, Math.round(height * dpr));
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    palette.current ??= readPalette(canvas);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    paintRows(ctx, rows, { width, maxTps, geometry: g, palette: palette.current });
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

/** Re-rendered only when what the DOM shows of the row changes (not its painted numbers). */
function sameRowDom(a: { r: BoardRow }, b: { r: BoardRow }): boolean {
  const x = a.r;
  const y = b.r;
  return (
    x.key === y.key &&
    x.label === y.label &&
    x.state === y.state &&
    x.ended === y.ended &&
    x.endReason === y.endReason &&
    x.apdexClass === y.apdexClass &&
    x.restartCount === y.restartCount &&
    Math.round(x.count) === Math.round(y.count) &&
    Math.round(x.errors) === Math.round(y.errors) &&
    rowTitle(x) === rowTitle(y) &&
    rowLabel(x) === rowLabel(y)
  );
}

const PodRowLink = memo(function PodRowLink({ r }: { r: BoardRow }) {
  return (
    <a
      className={`vrow apdex-${r.ended ? 'ended' : r.apdexClass}`}
      href={podHref(r)}
      title={rowTitle(r)}
      aria-label={rowLabel(r)}
      {...boardRowAttrs(r)}
    >
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

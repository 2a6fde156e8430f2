import type { BoardRow } from '../lib/board.js';
import { rowLabel } from '../lib/board-rows-paint.js';
import { formatMs } from '../lib/format.js';
import { href } from '../lib/hooks.js';

/** What a pod's row or tile on the velocity board links to: its post-mortem page. */
export function podHref(r: BoardRow): string {
  return href(`/pods/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.podName)}`);
}

/** The hover text of a pod's row or tile: full name, workload, state, restarts, Apdex. */
export function rowTitle(r: BoardRow): string {
  const lines = [
    r.podName,
    `${r.namespace} / ${r.workload}`,
    `state: ${r.state}${r.endReason ? ` (${r.endReason})` : ''}`,
  ];
  if (r.restartCount) lines.push(`restarts: ${r.restartCount}`);
  if (r.count)
    lines.push(`Apdex ${Number.isFinite(r.apdexScore) ? r.apdexScore.toFixed(2) : '–'} · max ${formatMs(r.maxMs)}`);
  return lines.join('\n');
}

/** The data attributes tests and tools read a pod's numbers from (whatever draws them). */
export function boardRowAttrs(r: BoardRow) {
  return { ...boardRowStaticAttrs(r), ...boardRowNumberAttrs(r) };
}

/** The attributes of a row that change only with its state or Apdex class (rendered by React). */
export function boardRowStaticAttrs(r: BoardRow) {
  return {
    'data-testid': 'velocity-pod',
    'data-pod': r.podName,
    'data-apdex': r.apdexClass,
    'data-state': r.ended ? 'ended' : r.state,
  };
}

/** The attributes of a row that change with its numbers, i.e. every second. */
export function boardRowNumberAttrs(r: BoardRow) {
  return {
    'data-count': Math.round(r.count),
    'data-errors': Math.round(r.errors),
  };
}

const applied = new WeakMap<Element, BoardRow>();

/**
 * Sets the attributes of a pod's row that change every second (its numbers, the ARIA label that
 * reads them, the hover text) on the row's element, outside React: re-rendering 200 rows a second
 * to change them was most of the board's render. Only what differs is written.
 */
export function applyRowNumbers(el: Element, r: BoardRow): void {
  if (applied.get(el) === r) return;
  applied.set(el, r);
  const n = boardRowNumberAttrs(r);
  set(el, 'data-count', String(n['data-count']));
  set(el, 'data-errors', String(n['data-errors']));
  set(el, 'aria-label', rowLabel(r));
  set(el, 'title', rowTitle(r));
}

function set(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

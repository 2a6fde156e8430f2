import type { BoardRow } from '../lib/board.js';
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
  return {
    'data-testid': 'velocity-pod',
    'data-pod': r.podName,
    'data-count': Math.round(r.count),
    'data-errors': Math.round(r.errors),
    'data-apdex': r.apdexClass,
    'data-state': r.ended ? 'ended' : r.state,
  };
}

import { memo, useMemo, useState } from 'react';
import { APDEX_LABEL } from '../lib/apdex.js';
import type { BoardGroup, BoardRow } from '../lib/board.js';
import { toggled, viewBoard } from '../lib/board-view.js';
import { formatCount, formatMs, formatTps } from '../lib/format.js';
import { href } from '../lib/hooks.js';
import { boardRowAttrs, podHref, rowTitle } from './board-row-attrs.js';
import { BoardRows } from './board-rows.js';

export type BoardLayout = 'rows' | 'tiles';
/** tiles at wall-screen densities: `compact` (rate only), `micro` (a coloured square per pod) */
export type BoardDensity = BoardLayout | 'compact' | 'micro';

interface Props {
  groups: BoardGroup[];
  layout: BoardDensity;
  large?: boolean;
  /** pods shown per open workload, the rest as "and N more" (default 20) */
  topN?: number;
}

const COLLAPSED_KEY = 'podtrail.board.collapsed';

function loadCollapsed(): Set<string> {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? '[]');
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

/**
 * The Request Velocity board: one row (or tile) per pod, grouped by workload; rate, average
 * latency, count and errors over the window; colour = Apdex class; ended pods greyed with how
 * they ended. Clicking a pod opens its post-mortem. At fleet size a workload shows its top N pods
 * (worst first chosen, shown in name order) and "and N more"; workloads collapse to their head
 * line (remembered in this browser).
 */
function VelocityBoardView({ groups, layout, large, topN = 20 }: Props) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(loadCollapsed);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const views = useMemo(() => viewBoard(groups, { topN, collapsed, expanded }), [groups, topN, collapsed, expanded]);
  const maxTps = useMemo(() => {
    let m = 0.0001;
    for (const g of groups) for (const r of g.rows) if (r.tps > m) m = r.tps;
    return m;
  }, [groups]);
  const toggleCollapsed = (key: string) =>
    setCollapsed((c) => {
      const next = toggled(c, key);
      try {
        localStorage.setItem(COLLAPSED_KEY, JSON.stringify([...next]));
      } catch {
        // private mode: the choice lasts for this page only
      }
      return next;
    });
  if (groups.length === 0) return <div className="empty">No pods yet. Start a service with the agent.</div>;
  const tiles = layout !== 'rows';
  return (
    <div
      className={`board board--${tiles ? 'tiles' : 'rows'} board--${layout}${large ? ' board-large' : ''}`}
      data-testid="velocity-board"
      data-layout={layout}
    >
      {views.map(({ group: g, collapsed: isCollapsed, visible, hidden }) => (
        <div
          className={`board-group${isCollapsed ? ' collapsed' : ''}`}
          key={g.key}
          data-testid="velocity-group"
          data-workload={g.workload}
          data-collapsed={isCollapsed}
          data-pods={g.rows.length}
        >
          <div className="board-group-head">
            <button
              type="button"
              className="group-toggle"
              aria-expanded={!isCollapsed}
              aria-label={`${isCollapsed ? 'expand' : 'collapse'} ${g.workload}`}
              data-testid="group-toggle"
              onClick={() => toggleCollapsed(g.key)}
            >
              {isCollapsed ? '▸' : '▾'}
            </button>
            <span className={`dot apdex-${g.apdexClass}`} />
            <a
              className="wl"
              href={href(`/workloads/${encodeURIComponent(g.namespace)}/${encodeURIComponent(g.workload)}`)}
            >
              {g.workload}
            </a>
            <span className="ns">{g.namespace}</span>
            <span className="gstat">
              {g.running} pod{g.running === 1 ? '' : 's'}
              {g.ended > 0 && <span className="muted"> · {g.ended} ended</span>}
              {g.restarts > 0 && <span className="warn-text"> · ↻{g.restarts}</span>}
            </span>
            <span className="gnums">
              <b>{formatTps(g.tps)}</b>
              <span>{formatMs(g.avgMs)}</span>
              <span>{formatCount(g.count)}</span>
              {g.errors > 0 && <span className="err-text">{formatCount(g.errors)} err</span>}
            </span>
          </div>
          {!isCollapsed && (
            <GroupBody tiles={tiles} rows={visible} maxTps={maxTps} large={large}>
              {hidden > 0 && (
                <button
                  type="button"
                  className={tiles ? 'tile board-more' : 'vrow board-more'}
                  data-testid="board-more"
                  data-hidden={hidden}
                  onClick={() => setExpanded((e) => toggled(e, g.key))}
                >
                  and {hidden} more
                </button>
              )}
              {hidden === 0 && expanded.has(g.key) && g.rows.length > topN && (
                <button
                  type="button"
                  className={tiles ? 'tile board-more' : 'vrow board-more'}
                  onClick={() => setExpanded((e) => toggled(e, g.key))}
                >
                  show the top {topN}
                </button>
              )}
            </GroupBody>
          )}
        </div>
      ))}
    </div>
  );
}

/** Re-rendered only when its groups (rebuilt only when the live numbers or pods change) or options do. */
export const VelocityBoard = memo(VelocityBoardView);

function GroupBody({
  tiles,
  rows,
  maxTps,
  large,
  children,
}: {
  tiles: boolean;
  rows: BoardRow[];
  maxTps: number;
  large?: boolean;
  children: React.ReactNode;
}) {
  if (!tiles)
    return (
      <BoardRows rows={rows} maxTps={maxTps} large={large}>
        {children}
      </BoardRows>
    );
  return (
    <div className="board-tiles">
      {rows.map((r) => (
        <PodTile key={r.key} r={r} />
      ))}
      {children}
    </div>
  );
}

/** Equal when every field of the row (and the other props) is: rows are rebuilt every second. */
function sameProps<P extends { r: BoardRow }>(a: P, b: P): boolean {
  for (const k of Object.keys(a) as (keyof P)[]) if (k !== 'r' && a[k] !== b[k]) return false;
  for (const k of Object.keys(a.r) as (keyof BoardRow)[]) {
    const x = a.r[k];
    const y = b.r[k];
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
  }
  return true;
}

const PodTile = memo(function PodTile({ r }: { r: BoardRow }) {
  return (
    <a
      className={`tile apdex-${r.ended ? 'ended' : r.apdexClass}`}
      href={podHref(r)}
      title={rowTitle(r)}
      {...boardRowAttrs(r)}
    >
      <span className="tile-label">
        {r.label}
        {r.restartCount > 0 && <span className="restarts">↻{r.restartCount}</span>}
      </span>
      <span className="tile-tps">{formatTps(r.tps)}</span>
      <span className="tile-nums">
        <span>{formatMs(r.avgMs)}</span>
        <span>{formatCount(r.count)}</span>
        <span className={r.errors > 0 ? 'err-text' : 'dim'}>{formatCount(r.errors)}✕</span>
      </span>
      {r.ended && <span className="tile-ended">{r.endReason ? `${r.state}: ${r.endReason}` : r.state}</span>}
    </a>
  );
}, sameProps);

export function ApdexLegend({ thresholdMs }: { thresholdMs?: number }) {
  return (
    <span className="legend" title={thresholdMs ? `Apdex T = ${thresholdMs} ms` : undefined}>
      {(['satisfying', 'tolerating', 'frustrating'] as const).map((c) => (
        <span key={c}>
          <i className={`dot apdex-${c}`} />
          {APDEX_LABEL[c]}
        </span>
      ))}
      <span>
        <i className="dot apdex-ended" />
        Ended
      </span>
    </span>
  );
}

export function BoardHeader() {
  return (
    <div className="vrow vhead" aria-hidden>
      <span className="vlabel">pod</span>
      <span className="vbar" />
      <span className="vnum">rate</span>
      <span className="vnum">latency</span>
      <span className="vnum">count</span>
      <span className="vnum">errors</span>
    </div>
  );
}

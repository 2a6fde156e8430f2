import { APDEX_LABEL } from '../lib/apdex.js';
import type { BoardGroup, BoardRow } from '../lib/board.js';
import { formatCount, formatMs, formatTps } from '../lib/format.js';
import { href } from '../lib/hooks.js';

export type BoardLayout = 'rows' | 'tiles';

interface Props {
  groups: BoardGroup[];
  layout: BoardLayout;
  large?: boolean;
}

/**
 * The Request Velocity board: one row (or tile) per pod, grouped by workload; rate, average
 * latency, count and errors over the window; colour = Apdex class; ended pods greyed with how
 * they ended. Clicking a pod opens its post-mortem.
 */
export function VelocityBoard({ groups, layout, large }: Props) {
  const maxTps = Math.max(0.0001, ...groups.flatMap((g) => g.rows.map((r) => r.tps)));
  if (groups.length === 0) return <div className="empty">No pods yet. Start a service with the agent.</div>;
  return (
    <div
      className={`board board--${layout}${large ? ' board-large' : ''}`}
      data-testid="velocity-board"
      data-layout={layout}
    >
      {groups.map((g) => (
        <div className="board-group" key={g.key} data-testid="velocity-group" data-workload={g.workload}>
          <div className="board-group-head">
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
          {layout === 'rows' ? (
            <div className="board-rows">
              {g.rows.map((r) => (
                <PodRowView key={r.key} r={r} maxTps={maxTps} />
              ))}
            </div>
          ) : (
            <div className="board-tiles">
              {g.rows.map((r) => (
                <PodTile key={r.key} r={r} />
              ))}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

function podHref(r: BoardRow) {
  return href(`/pods/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.podName)}`);
}

function title(r: BoardRow) {
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

function dataAttrs(r: BoardRow) {
  return {
    'data-testid': 'velocity-pod',
    'data-pod': r.podName,
    'data-count': Math.round(r.count),
    'data-errors': Math.round(r.errors),
    'data-apdex': r.apdexClass,
    'data-state': r.ended ? 'ended' : r.state,
  };
}

function PodRowView({ r, maxTps }: { r: BoardRow; maxTps: number }) {
  // an ended pod's bar space says how it ended
  const pct = r.ended ? 0 : Math.max(r.tps > 0 ? 1.5 : 0, (r.tps / maxTps) * 100);
  return (
    <a
      className={`vrow apdex-${r.ended ? 'ended' : r.apdexClass}`}
      href={podHref(r)}
      title={title(r)}
      {...dataAttrs(r)}
    >
      <span className="vlabel">
        <i className="dot" />
        {r.label}
        {r.restartCount > 0 && <span className="restarts">↻{r.restartCount}</span>}
      </span>
      <span className="vbar">
        <span style={{ width: `${pct}%` }} />
        {r.ended && <em className="ended-reason">{r.endReason ? `${r.state}: ${r.endReason}` : r.state}</em>}
      </span>
      <span className="vnum vtps">{formatTps(r.tps)}</span>
      <span className="vnum">{formatMs(r.avgMs)}</span>
      <span className="vnum">{formatCount(r.count)}</span>
      <span className={`vnum ${r.errors > 0 ? 'err-text' : 'dim'}`}>{r.errors > 0 ? formatCount(r.errors) : '0'}</span>
    </a>
  );
}

function PodTile({ r }: { r: BoardRow }) {
  return (
    <a
      className={`tile apdex-${r.ended ? 'ended' : r.apdexClass}`}
      href={podHref(r)}
      title={title(r)}
      {...dataAttrs(r)}
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
}

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

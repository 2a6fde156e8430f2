import { useMemo } from 'react';
import { api } from '../api/client.js';
import { gridOf, Heatmap } from '../charts/heatmap.js';
import type { Selection } from '../charts/heatmap-geometry.js';
import { TpsChart } from '../charts/tps-chart.js';
import { ErrorBoundary } from '../components/error-boundary.js';
import { EventList } from '../components/event-panel.js';
import { Panel, StaleNote } from '../components/panel.js';
import { SummaryStrip } from '../components/summary-strip.js';
import { ApdexLegend, BoardHeader, type BoardLayout, VelocityBoard } from '../components/velocity-board.js';
import { navigate, setParams, useLive, usePoll, useRoute } from '../lib/hooks.js';
import { BOARD_WINDOWS, useBoard } from '../lib/use-board.js';

const HEATMAP_RANGE_MS = 15 * 60_000;

/** A heatmap selection as URL params: time range, latency range, and the exact tx_1s buckets. */
export function selectionParams(sel: Selection, minBucket: number) {
  return {
    sf: Math.round(sel.fromMs),
    st: Math.round(sel.toMs),
    smin: sel.minMs,
    smax: Number.isFinite(sel.maxMs) ? sel.maxMs : null,
    sb0: minBucket + sel.rowFrom,
    sb1: minBucket + sel.rowTo,
  };
}

/** The main screen: Request Velocity board, event messages, TPS per pod and the last 15 min T-Map. */
export function DashboardPage() {
  const route = useRoute();
  const live = useLive();
  const windowParam = route.params.get('window') ?? '1m';
  const layout = (route.params.get('layout') as BoardLayout | null) ?? 'rows';
  const board = useBoard(windowParam);
  const heat = usePoll(
    'dash-heatmap',
    (signal) => {
      const to = Date.now() + live.skewMs;
      return api.heatmap({ from: to - HEATMAP_RANGE_MS, to, cols: 90 }, { signal });
    },
    10_000,
  );
  const tpsSeries = useMemo(
    () =>
      board.groups
        .flatMap((g) => g.rows)
        .filter((r) => !r.ended)
        .slice(0, 24)
        .map((r) => ({ key: r.key, label: r.label })),
    [board.groups],
  );
  const onSelect = (sel: Selection) => {
    if (!heat.data) return;
    const g = gridOf(heat.data);
    navigate('/tmap', { from: g.fromMs, to: g.toMs, ...selectionParams(sel, heat.data.minBucket) });
  };
  return (
    <div className="page dashboard">
      <SummaryStrip groups={board.groups} windowLabel={windowParam} />
      <div className="dash-grid">
        <Panel
          className="dash-board"
          testId="velocity-panel"
          title={
            <>
              Request velocity <span className="dim">· {board.isLive ? 'live, last 60 s' : `last ${windowParam}`}</span>
            </>
          }
          actions={
            <>
              <StaleNote error={board.error} updatedAt={board.updatedAt} />
              <ApdexLegend thresholdMs={board.thresholdMs} />
              <div className="seg">
                {BOARD_WINDOWS.map((w) => (
                  <button
                    key={w}
                    type="button"
                    className={w === windowParam ? 'on' : ''}
                    onClick={() => setParams({ window: w === '1m' ? null : w })}
                  >
                    {w}
                  </button>
                ))}
              </div>
              <div className="seg">
                {(['rows', 'tiles'] as const).map((l) => (
                  <button
                    key={l}
                    type="button"
                    className={l === layout ? 'on' : ''}
                    onClick={() => setParams({ layout: l === 'rows' ? null : l })}
                  >
                    {l}
                  </button>
                ))}
              </div>
            </>
          }
        >
          <ErrorBoundary label="The velocity board">
            {layout === 'rows' && board.groups.length > 0 && <BoardHeader />}
            {live.ready || !board.isLive ? (
              <VelocityBoard groups={board.groups} layout={layout} />
            ) : (
              <div className="empty">loading…</div>
            )}
          </ErrorBoundary>
        </Panel>
        <Panel className="dash-events" title="Event messages" testId="events-panel" flush>
          <EventList events={live.events} />
        </Panel>
        <Panel
          className="dash-tps"
          title={
            <>
              TPS per pod <span className="dim">· 5 min</span>
            </>
          }
        >
          <ErrorBoundary label="The TPS chart">
            <TpsChart series={tpsSeries} height={200} />
          </ErrorBoundary>
        </Panel>
        <Panel
          className="dash-heat"
          title={
            <>
              Transaction heatmap <span className="dim">· 15 min · drag to select</span>
            </>
          }
          actions={<StaleNote error={heat.error} updatedAt={heat.updatedAt} />}
        >
          <ErrorBoundary label="The heatmap">
            <Heatmap data={heat.data} height={200} onSelect={onSelect} />
          </ErrorBoundary>
        </Panel>
      </div>
    </div>
  );
}

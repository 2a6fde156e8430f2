import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.js';
import { Heatmap } from '../charts/heatmap.js';
import { ConnIndicator } from '../components/conn-indicator.js';
import { ErrorBoundary } from '../components/error-boundary.js';
import { EventList } from '../components/event-panel.js';
import { SummaryStrip } from '../components/summary-strip.js';
import { ApdexLegend, VelocityBoard } from '../components/velocity-board.js';
import { formatClock } from '../lib/format.js';
import { useAuth, useLive, useNow, usePoll, useRoute, useSize } from '../lib/hooks.js';
import { useAutoReload } from '../lib/use-auto-reload.js';
import { useBoard } from '../lib/use-board.js';
import { chooseWallDensity } from '../lib/wall-density.js';

/**
 * Wall-screen mode (`?wall=1` or `#/wall`): velocity board, heatmap and events in large type, no
 * interaction needed. Survives collector restarts and network blips: the live stream reconnects
 * and resumes, REST panels retry and keep their last data, a small light says "reconnecting…",
 * and the page reloads itself after 10 min without the stream or when a new build is served.
 */
export function WallPage() {
  const { params } = useRoute();
  const live = useLive();
  const authState = useAuth();
  const now = useNow(1000);
  const scope = {
    namespace: params.get('namespace') ?? undefined,
    workload: params.get('workload') ?? undefined,
    service: params.get('service') ?? undefined,
  };
  const board = useBoard('1m', scope);
  // the densest layout only when the board needs it: 500 pods fit a 1080p wall as small squares
  const [boardRef, boardSize] = useSize<HTMLElement>();
  const fit = useMemo(
    () =>
      chooseWallDensity(
        board.groups.map((g) => g.rows.length),
        { width: boardSize.width - 24, height: boardSize.height - 20 },
      ),
    [board.groups, boardSize.width, boardSize.height],
  );
  useAutoReload(true);
  const [heatRef, heatSize] = useSize<HTMLDivElement>();
  const heat = usePoll(
    `wall-heat:${scope.namespace}:${scope.workload}:${scope.service}`,
    (signal) => {
      const to = Date.now() + live.skewMs;
      return api.heatmap({ from: to - 15 * 60_000, to, cols: 90, ...scope }, { signal, retries: 1 });
    },
    10_000,
  );
  const [full, setFull] = useState(false);
  useEffect(() => {
    const f = () => setFull(!!document.fullscreenElement);
    document.addEventListener('fullscreenchange', f);
    return () => document.removeEventListener('fullscreenchange', f);
  }, []);
  return (
    <div className="wall" data-testid="wall">
      <header className="wall-head">
        <span className="brand">podtrail</span>
        <span className="wall-scope">{scope.workload ?? scope.namespace ?? scope.service ?? 'all workloads'}</span>
        <SummaryStrip groups={board.groups} windowLabel="60 s" large />
        <span className="wall-right">
          <ApdexLegend />
          <ConnIndicator />
          {authState === 'required' && (
            <span className="err-text">token refused: add ?token=&lt;read token&gt; to the URL</span>
          )}
          <time className="wall-clock">{formatClock(now)}</time>
          {!full && (
            <button
              type="button"
              className="btn ghost"
              onClick={() => void document.documentElement.requestFullscreen?.().catch(() => {})}
              title="full screen"
            >
              <svg
                viewBox="0 0 16 16"
                width="16"
                height="16"
                role="img"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.6"
              >
                <title>full screen</title>
                <path d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" />
              </svg>
            </button>
          )}
        </span>
      </header>
      <main className="wall-grid">
        <section className="wall-board" ref={boardRef} data-density={fit.density}>
          <ErrorBoundary label="The velocity board" autoRecoverMs={5000}>
            {live.ready ? (
              <VelocityBoard groups={board.groups} layout={fit.density} topN={fit.topN} large />
            ) : (
              <div className="empty">connecting…</div>
            )}
          </ErrorBoundary>
        </section>
        <section className="wall-heat" ref={heatRef}>
          <h2>
            Transaction heatmap <span className="dim">· 15 min</span>
          </h2>
          <ErrorBoundary label="The heatmap" autoRecoverMs={5000}>
            <Heatmap data={heat.data} height={Math.max(160, heatSize.height - 36)} large />
          </ErrorBoundary>
        </section>
        <section className="wall-events">
          <h2>Event messages</h2>
          <ErrorBoundary label="The events" autoRecoverMs={5000}>
            <EventList events={live.events} large max={60} />
          </ErrorBoundary>
        </section>
      </main>
    </div>
  );
}

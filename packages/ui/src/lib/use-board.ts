import { useMemo, useRef } from 'react';
import { api } from '../api/client.js';
import { type BoardGroup, BoardRowCache, boardVelocityQuery, buildBoard, statsFromVelocity } from './board.js';
import { useLive, usePoll } from './hooks.js';
import { parseDuration } from './time-range.js';

export const BOARD_WINDOWS = ['1m', '5m', '15m', '1h'] as const;

/**
 * Board rows for a window: `1m` is the live rolling window computed from the WebSocket ticks;
 * longer windows read GET /velocity every few seconds. Pod states come from the live store.
 */
export function useBoard(windowParam: string, scope: { namespace?: string; workload?: string; service?: string } = {}) {
  const live = useLive();
  const windowMs = parseDuration(windowParam) ?? 60_000;
  const isLive = windowMs <= 60_000;
  const poll = usePoll(
    `board:${windowMs}:${scope.namespace}:${scope.workload}:${scope.service}`,
    (signal) => {
      if (isLive) return Promise.resolve(null);
      const to = Date.now() + live.skewMs;
      return api.velocity(boardVelocityQuery(to - windowMs, to, scope), { signal });
    },
    isLive ? null : 5000,
  );
  const reuse = useRef<BoardRowCache | null>(null);
  reuse.current ??= new BoardRowCache();
  const groups: BoardGroup[] = useMemo(() => {
    const nowMs = Date.now() + live.skewMs;
    const inScope = (x: { namespace: string; workload: string; serviceName: string }) =>
      (!scope.namespace || x.namespace === scope.namespace) &&
      (!scope.workload || x.workload === scope.workload) &&
      (!scope.service || x.serviceName === scope.service);
    const pods = [...live.pods.values()].filter(inScope);
    // unchanged pods keep their row objects (what draws the rows skips them)
    if (isLive) return buildBoard([...live.stats.values()].filter(inScope), pods, { nowMs, reuse: reuse.current! });
    const stats = statsFromVelocity(poll.data?.rows ?? [], windowMs / 1000).filter(inScope);
    return buildBoard(stats, pods, { nowMs, keepEndedMs: Math.max(10 * 60_000, windowMs) });
    // the live store keeps its stats and pods objects while they do not change: no rebuild then
  }, [live.stats, live.pods, live.skewMs, poll.data, isLive, windowMs, scope.namespace, scope.workload, scope.service]);
  return {
    groups,
    isLive,
    error: isLive ? null : poll.error,
    updatedAt: poll.updatedAt,
    thresholdMs: poll.data?.apdexThresholdMs,
  };
}

import type { LivePodSecond, LiveTransition } from '../wire/live.js';

/** WebSocket `/api/v1/live`: messages (JSON text frames). */
export interface LiveFilter {
  service?: string;
  namespace?: string;
  workload?: string;
  pod?: string;
}

export type LiveClientMessage =
  /**
   * `since`: last seq seen (resume on the same hub without gaps). After a reconnect to another hub
   * (hello.hubId changed: collector restarted or another replica), send `hubId` (the old one) and
   * `sinceTs` (epoch s of the last tick seen) to replay the retained ticks after that second.
   */
  { type: 'subscribe'; filter?: LiveFilter; since?: number; hubId?: string; sinceTs?: number } | { type: 'ping' };

export type LiveServerMessage =
  | { type: 'hello'; seq: number; serverTime: number; hubId: string; graceMs: number }
  /**
   * Per-second per-pod aggregates. `ts` (epoch seconds) is the closed second. Rows are additive:
   * when a collector published late, a later tick with `late: true` carries more rows for an
   * already sent second; add them to what you have for (ts, pod).
   */
  | { type: 'tick'; seq: number; ts: number; late?: boolean; pods: LivePodSecond[] }
  | { type: 'transition'; seq: number; event: LiveTransition }
  /** the client's buffer overflowed (or `since` is older than the replay window): `count` messages are lost */
  | { type: 'dropped'; count: number; seq?: number }
  | { type: 'pong'; serverTime: number }
  | { type: 'error'; code: string; message: string };

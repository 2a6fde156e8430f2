/** Wall screens run for weeks: decide when the page should reload itself. */

export interface ReloadInput {
  nowMs: number;
  /** when the live stream was lost, null while connected */
  disconnectedSince: number | null;
  /** reload after this long without the stream (default 10 min) */
  maxDisconnectedMs?: number;
  /** the build this page runs */
  myBuild: string;
  /** the build the collector serves now (version.json), null if unknown */
  servedBuild: string | null;
  /** the collector answered just now: reloading will not land on an error page */
  serverReachable: boolean;
  /** last self-reload (to avoid loops) */
  lastReloadMs: number | null;
  minIntervalMs?: number;
}

export type ReloadReason = 'version' | 'disconnected' | null;

export function reloadReason(i: ReloadInput): ReloadReason {
  if (!i.serverReachable) return null;
  if (i.lastReloadMs !== null && i.nowMs - i.lastReloadMs < (i.minIntervalMs ?? 120_000)) return null;
  if (i.servedBuild && i.servedBuild !== i.myBuild) return 'version';
  if (i.disconnectedSince !== null && i.nowMs - i.disconnectedSince > (i.maxDisconnectedMs ?? 600_000)) {
    return 'disconnected';
  }
  return null;
}

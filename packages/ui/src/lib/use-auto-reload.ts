import { useEffect } from 'react';
import { apiUrl } from '../api/client.js';
import { liveStore } from '../api/live-store.js';
import { reloadReason } from './auto-reload.js';

declare const __PODTRAIL_BUILD__: string;
export const BUILD_ID: string = typeof __PODTRAIL_BUILD__ === 'string' ? __PODTRAIL_BUILD__ : 'dev';

const LAST_RELOAD_KEY = 'podtrail.lastReload';

/**
 * Polls `version.json` (written by the UI build) and reloads the page when the collector serves a
 * new build, or when the live stream has been down for more than 10 minutes and the collector
 * answers again: only ever reloading onto a server that is up, so never onto an error page.
 */
export function useAutoReload(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    const check = async () => {
      let served: string | null = null;
      let reachable = false;
      try {
        const res = await fetch(apiUrl(`/version.json?t=${Date.now()}`), { cache: 'no-store' });
        reachable = res.ok || res.status === 404;
        if (res.ok) served = ((await res.json()) as { build?: string }).build ?? null;
      } catch {
        reachable = false;
      }
      if (stopped) return;
      const snap = liveStore.getSnapshot();
      const last = Number(sessionStorage.getItem(LAST_RELOAD_KEY) ?? '') || null;
      const reason = reloadReason({
        nowMs: Date.now(),
        disconnectedSince: snap.disconnectedSince,
        myBuild: BUILD_ID,
        servedBuild: BUILD_ID === 'dev' ? null : served,
        serverReachable: reachable,
        lastReloadMs: last,
      });
      if (reason) {
        sessionStorage.setItem(LAST_RELOAD_KEY, String(Date.now()));
        console.info(`[podtrail-ui] reloading: ${reason}`);
        location.reload();
      }
    };
    const t = setInterval(() => void check(), 30_000);
    return () => {
      stopped = true;
      clearInterval(t);
    };
  }, [enabled]);
}

import type { KubernetesChange } from '@podtrail/contracts/api';
import { backoffDelay } from '@podtrail/contracts/retry';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { type LiveSnapshot, liveStore } from '../api/live-store.js';
import { type AuthState, auth } from '../api/token.js';

export interface Route {
  path: string;
  segments: string[];
  params: URLSearchParams;
}

function parseHash(): Route {
  const raw = location.hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const params = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  return { path, segments: path.split('/').filter(Boolean).map(decodeURIComponent), params };
}

function subscribeHash(fn: () => void) {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
}

/** Hash routing (`#/pods?state=killed`): the collector only serves files, no history fallback needed. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribeHash, () => location.hash);
  return useMemoRoute(hash);
}

const routeCache = new Map<string, Route>();
function useMemoRoute(hash: string): Route {
  let r = routeCache.get(hash);
  if (!r) {
    if (routeCache.size > 50) routeCache.clear();
    r = parseHash();
    routeCache.set(hash, r);
  }
  return r;
}

export function href(path: string, params?: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

export function navigate(path: string, params?: Record<string, string | number | boolean | null | undefined>) {
  location.hash = href(path, params).slice(1);
}

/** Replaces query params of the current route without adding history entries. */
export function setParams(update: Record<string, string | number | boolean | null | undefined>) {
  const r = parseHash();
  for (const [k, v] of Object.entries(update)) {
    if (v === undefined || v === null || v === '' || v === false) r.params.delete(k);
    else r.params.set(k, String(v));
  }
  const s = r.params.toString();
  history.replaceState(null, '', `${location.pathname}${location.search}#${r.path}${s ? `?${s}` : ''}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useLive(): LiveSnapshot {
  return useSyncExternalStore(liveStore.subscribe, liveStore.getSnapshot);
}

/**
 * Calls `reload` (debounced) when the live stream brings a cluster change `match` accepts: the
 * Kubernetes views re-read their REST answer at once instead of at their next poll.
 */
export function useClusterChanges(match: (c: KubernetesChange) => boolean, reload: () => void, debounceMs = 300): void {
  const matchRef = useRef(match);
  matchRef.current = match;
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = liveStore.onClusterChange((c) => {
      if (timer || !matchRef.current(c)) return;
      timer = setTimeout(() => {
        timer = null;
        reloadRef.current();
      }, debounceMs);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [debounceMs]);
}

export function useAuth(): AuthState {
  return useSyncExternalStore(auth.subscribe, () => auth.state);
}

/** Re-renders every `ms`, returning Date.now(). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export interface PollState<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  updatedAt: number;
  reload: () => void;
}

/**
 * Loads `fn` whenever `key` changes, again every `intervalMs` (if set), and retries failures with
 * backoff while keeping the last good data on screen: a blip shows as "stale", never as a blank.
 */
export function usePoll<T>(
  key: string,
  fn: (signal: AbortSignal) => Promise<T>,
  intervalMs: number | null,
): PollState<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean; updatedAt: number }>({
    data: null,
    error: null,
    loading: true,
    updatedAt: 0,
  });
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const [nonce, setNonce] = useState(0);
  const authState = useAuth();
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: key/nonce/auth restart the loop
  useEffect(() => {
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    const run = async () => {
      setState((s) => ({ ...s, loading: true }));
      try {
        const data = await fnRef.current(ctl.signal);
        if (ctl.signal.aborted) return;
        attempt = 0;
        setState({ data, error: null, loading: false, updatedAt: Date.now() });
        if (intervalMs) timer = setTimeout(run, intervalMs);
      } catch (err) {
        if (ctl.signal.aborted) return;
        setState((s) => ({ ...s, error: err as Error, loading: false }));
        const status = (err as { status?: number }).status;
        if (status === 401 || status === 403) return; // the login prompt takes over
        if (status !== undefined && status >= 400 && status < 500 && status !== 429 && !intervalMs) return;
        timer = setTimeout(run, Math.max(intervalMs ?? 0, backoffDelay(attempt++, { baseMs: 1000, capMs: 30_000 })));
      }
    };
    void run();
    return () => {
      ctl.abort();
      if (timer) clearTimeout(timer);
    };
  }, [key, nonce, intervalMs, authState === 'required']);

  return { ...state, reload };
}

/** Width and height of an element, following resizes. */
export function useSize<E extends HTMLElement>(): [React.RefObject<E | null>, { width: number; height: number }] {
  const ref = useRef<E | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const r = el.getBoundingClientRect();
      setSize((s) =>
        Math.round(s.width) === Math.round(r.width) && Math.round(s.height) === Math.round(r.height)
          ? s
          : { width: Math.round(r.width), height: Math.round(r.height) },
      );
    };
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}

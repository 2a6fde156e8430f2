import type { KubernetesChange } from '@podtrail/contracts/api';
import { applyTransition, boardVelocityQuery, type PodMeta, podMetaFromRow } from '../lib/board.js';
import { type EventItem, kubernetesEventItem, mergeEvents, toEventItem } from '../lib/events.js';
import { type PodWindowStats, podKey, RollingWindow } from '../lib/rolling.js';
import { api } from './client.js';
import { LiveClient, type LiveStatus } from './live.js';
import type { LiveMessage, PodTransition } from './types.js';
import { timeMs } from './types.js';

export interface LiveSnapshot {
  status: LiveStatus;
  /** when the stream was lost (ms), null while connected */
  disconnectedSince: number | null;
  retryInMs: number | null;
  /** newest second the server closed (epoch s) */
  nowSec: number;
  stats: Map<string, PodWindowStats>;
  pods: Map<string, PodMeta>;
  events: EventItem[];
  /** server clock - browser clock, from the hello message */
  skewMs: number;
  lastTickAt: number;
  /** increments on every change */
  rev: number;
  /** true once the initial REST state arrived (or failed and the live stream took over) */
  ready: boolean;
  /** id of the live hub serving us (changes when the collector restarts) */
  serverVersion: string | null;
}

const WINDOW_SEC = 60;
const HISTORY_SEC = 300;
const PODS_LOOKBACK_MS = 30 * 60_000;

/**
 * Live state shared by every page: rolling per-pod aggregates from the WebSocket ticks (seeded from
 * GET /velocity), pod states from GET /pods kept current by live transitions, the event feed.
 * React reads it through useSyncExternalStore; it notifies at most a few times per second.
 */
export class LiveStore {
  readonly rolling = new RollingWindow({ windowSec: WINDOW_SEC, historySec: HISTORY_SEC });
  private pods = new Map<string, PodMeta>();
  private events: EventItem[] = [];
  /** recent transitions, oldest first: re-applied over each /pods answer (newer ones win) */
  private transitions: PodTransition[] = [];
  private client: LiveClient;
  private listeners = new Set<() => void>();
  /** pages that re-read their cluster views when the cluster changes (useClusterChanges) */
  private clusterListeners = new Set<(c: KubernetesChange) => void>();
  private snap: LiveSnapshot;
  private dirty = false;
  /** the window's numbers / the pods changed since the last snapshot (else it keeps their objects, so the board is not rebuilt) */
  private statsChanged = true;
  private podsChanged = true;
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  private podsTimer: ReturnType<typeof setInterval> | null = null;
  private podsDebounce: ReturnType<typeof setTimeout> | null = null;
  private started = false;
  private abort = new AbortController();
  private status: LiveStatus = 'stopped';
  private disconnectedSince: number | null = null;
  private retryInMs: number | null = null;
  private skewMs = 0;
  private lastTickAt = 0;
  private rev = 0;
  private ready = false;
  private serverVersion: string | null = null;

  constructor() {
    this.client = new LiveClient({
      onMessage: (m) => this.onMessage(m),
      onStatus: (s, info) => {
        this.status = s;
        this.retryInMs = info.retryInMs ?? null;
        if (s === 'open') this.disconnectedSince = null;
        else if (this.disconnectedSince === null && s !== 'connecting') this.disconnectedSince = Date.now();
        this.markDirty();
      },
      onReset: () => {
        // a gap we cannot replay: start the window over from the stored data
        this.rolling.clear();
        this.statsChanged = true;
        void this.seed();
        this.schedulePods(0);
      },
    });
    this.snap = this.build();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = (): LiveSnapshot => this.snap;

  /** Called with every cluster change the live stream brings (the watcher stored it). */
  onClusterChange = (fn: (c: KubernetesChange) => void): (() => void) => {
    this.clusterListeners.add(fn);
    return () => this.clusterListeners.delete(fn);
  };

  start(): void {
    if (this.started) return;
    this.started = true;
    this.abort = new AbortController();
    void (async () => {
      await Promise.allSettled([this.seed(), this.loadPods(), this.loadEvents()]);
      this.ready = true;
      this.markDirty();
      if (this.started) this.client.start();
    })();
    this.podsTimer = setInterval(() => {
      void this.loadPods();
      void this.loadKubernetesEvents();
    }, 30_000);
  }

  stop(): void {
    this.started = false;
    this.abort.abort();
    this.client.stop();
    if (this.podsTimer) clearInterval(this.podsTimer);
    if (this.podsDebounce) clearTimeout(this.podsDebounce);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.podsTimer = this.podsDebounce = this.notifyTimer = null;
  }

  /** After a new token was entered. */
  restart(): void {
    this.stop();
    this.rolling.clear();
    this.statsChanged = true;
    this.client.lastSeq = null;
    this.start();
  }

  /** Per-second transaction counts of pods for the last `seconds` (for the TPS chart). */
  series(keys: readonly string[], seconds: number): { t: number[]; values: (number | null)[][] } {
    const now = this.rolling.nowSec;
    const t = Array.from({ length: seconds }, (_, i) => now - seconds + 1 + i);
    return { t, values: keys.map((k) => this.rolling.series(k, seconds)) };
  }

  private serverNow(): number {
    return Date.now() + this.skewMs;
  }

  private async seed(): Promise<void> {
    // end where the hub closes seconds (grace ~2 s): later seconds come from live ticks
    const to = Math.floor(this.serverNow() / 1000) - 3;
    const from = to - WINDOW_SEC;
    try {
      const v = await api.velocity(boardVelocityQuery(from * 1000, to * 1000), {
        signal: this.abort.signal,
        retries: 3,
      });
      this.rolling.seed(v.rows, from, to);
      this.statsChanged = true;
      this.markDirty();
    } catch {
      // the live stream fills the window within a minute
    }
  }

  private async loadPods(): Promise<void> {
    const now = this.serverNow();
    try {
      const res = await api.pods(
        { from: now - PODS_LOOKBACK_MS, to: now + 60_000, limit: 2000 },
        { signal: this.abort.signal, retries: 2 },
      );
      const next = new Map<string, PodMeta>();
      for (const p of res.pods) next.set(podKey(p.namespace, p.podName), podMetaFromRow(p));
      // transitions newer than what the answer reflects win (the query may have raced them)
      for (const t of this.transitions) applyTransition(next, t);
      this.pods = next;
      this.podsChanged = true;
      this.markDirty();
    } catch {
      // keep what we have
    }
  }

  /**
   * The cluster's events arrive live (`kubernetes` messages); this slow poll is the backfill for
   * what a reconnect or a collector without the watcher's live feed missed: the newest of the last
   * few minutes, merged into the stream by time.
   */
  private async loadKubernetesEvents(): Promise<void> {
    const now = this.serverNow();
    try {
      const res = await api.events(
        { from: now - 5 * 60_000, to: now + 60_000, limit: 200 },
        { signal: this.abort.signal, retries: 0 },
      );
      if (!res.kubernetes?.length) return;
      this.events = mergeEvents(this.events, res.kubernetes.map(kubernetesEventItem));
      this.markDirty();
    } catch {
      // the next poll retries
    }
  }

  private async loadEvents(): Promise<void> {
    const now = this.serverNow();
    try {
      const res = await api.events(
        { from: now - 3_600_000, to: now + 60_000, limit: 200 },
        { signal: this.abort.signal },
      );
      this.events = mergeEvents(this.events, [
        ...res.events.map(toEventItem),
        ...(res.kubernetes ?? []).map(kubernetesEventItem),
      ]);
      this.remember(res.events);
      for (const t of this.transitions) applyTransition(this.pods, t);
      this.podsChanged = true;
      this.markDirty();
    } catch {
      // live transitions will come
    }
  }

  private remember(list: readonly PodTransition[]): void {
    this.transitions.push(...list);
    this.transitions.sort((a, b) => timeMs(a.ts) - timeMs(b.ts));
    if (this.transitions.length > 1000) this.transitions.splice(0, this.transitions.length - 1000);
  }

  private schedulePods(ms: number): void {
    if (this.podsDebounce) return;
    this.podsDebounce = setTimeout(() => {
      this.podsDebounce = null;
      void this.loadPods();
    }, ms);
  }

  private onMessage(m: LiveMessage): void {
    switch (m.type) {
      case 'hello': {
        // another hub replays by time after the last closed second: what partial ticks of the
        // old one brought for later seconds would count twice
        if (this.serverVersion !== null && m.hubId !== this.serverVersion) {
          this.rolling.dropOpenSeconds();
          this.statsChanged = true;
        }
        this.skewMs = m.serverTime - Date.now();
        this.serverVersion = m.hubId;
        break;
      }
      case 'tick': {
        const end = this.rolling.endSec;
        this.rolling.addTick(m.ts, m.pods, m.partial === true);
        // an empty closing tick of a second whose rows came in partial ticks changes no number
        if (m.pods.length > 0 || this.rolling.endSec !== end) this.statsChanged = true;
        this.lastTickAt = Date.now();
        for (const p of m.pods) {
          const k = podKey(p.namespace, p.podName);
          const meta = this.pods.get(k);
          if (meta && meta.state !== 'running' && meta.endedAtMs !== null && p.ts * 1000 > meta.endedAtMs + 2000) {
            // traffic after an end: the pod came back; /pods will tell the details
            this.schedulePods(1000);
          } else if (!meta) this.schedulePods(3000);
        }
        break;
      }
      case 'transition':
        this.remember([m.event]);
        applyTransition(this.pods, m.event);
        this.podsChanged = true;
        this.events = mergeEvents(this.events, [toEventItem(m.event)]);
        this.schedulePods(2000);
        break;
      case 'kubernetes': {
        const c = m.change;
        if (c.kind === 'event') this.events = mergeEvents(this.events, [kubernetesEventItem(c.event)]);
        // the pods list shows the cluster's phase, waiting reason and restarts
        if (c.kind === 'pod' || c.kind === 'termination') this.schedulePods(5000);
        for (const l of this.clusterListeners) l(c);
        break;
      }
      default:
        break;
    }
    this.markDirty();
  }

  private markDirty(): void {
    this.dirty = true;
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      if (!this.dirty) return;
      this.dirty = false;
      this.snap = this.build();
      for (const l of this.listeners) l();
    }, 200);
  }

  private build(): LiveSnapshot {
    const snap: LiveSnapshot = {
      status: this.status,
      disconnectedSince: this.disconnectedSince,
      retryInMs: this.retryInMs,
      nowSec: this.rolling.nowSec,
      stats: this.statsChanged || !this.snap ? this.rolling.stats() : this.snap.stats,
      pods: this.podsChanged || !this.snap ? new Map(this.pods) : this.snap.pods,
      events: this.events,
      skewMs: this.skewMs,
      lastTickAt: this.lastTickAt,
      rev: ++this.rev,
      ready: this.ready,
      serverVersion: this.serverVersion,
    };
    this.statsChanged = false;
    this.podsChanged = false;
    return snap;
  }
}

export const liveStore = new LiveStore();

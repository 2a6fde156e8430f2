import { LIST_PAGE_MAX } from '@podtrail/contracts/rules';
import type { PodRow, PodTransition, VelocityRow } from '../api/types.js';
import { n, timeMs } from '../api/types.js';
import { apdexClass, apdexScore, type BoardApdexClass, boardApdexClass } from './apdex.js';
import { shortPodLabel } from './format.js';
import { type PodWindowStats, podKey } from './rolling.js';

/** What the board knows about a pod besides its traffic (from GET /pods and live transitions). */
export interface PodMeta {
  namespace: string;
  workload: string;
  serviceName: string;
  podName: string;
  nodeName: string;
  hostIp: string;
  state: string;
  endReason: string;
  firstSeenMs: number;
  lastSeenMs: number;
  endedAtMs: number | null;
  instanceCount: number;
  restartCount: number;
  /** the newest moment this record reflects: older transitions are already in it */
  asOfMs: number;
}

export type PodStats = Pick<
  PodWindowStats,
  | 'key'
  | 'namespace'
  | 'workload'
  | 'serviceName'
  | 'podName'
  | 'count'
  | 'errors'
  | 'tps'
  | 'avgMs'
  | 'maxMs'
  | 'satisfied'
  | 'tolerating'
  | 'frustrated'
  | 'apdexClass'
  | 'apdexScore'
>;

export interface BoardRow {
  key: string;
  namespace: string;
  workload: string;
  serviceName: string;
  podName: string;
  label: string;
  state: string;
  ended: boolean;
  endReason: string;
  endedAtMs: number | null;
  count: number;
  errors: number;
  tps: number;
  avgMs: number;
  maxMs: number;
  apdexClass: BoardApdexClass;
  apdexScore: number;
  restartCount: number;
  instanceCount: number;
}

export interface BoardGroup {
  key: string;
  namespace: string;
  workload: string;
  rows: BoardRow[];
  tps: number;
  count: number;
  errors: number;
  avgMs: number;
  running: number;
  ended: number;
  restarts: number;
  apdexClass: BoardApdexClass;
}

/**
 * localeCompare's order from one collator: String.prototype.localeCompare sets one up per call,
 * which at 500 pods sorted every second was a large share of the board's main-thread time.
 */
export const byName = new Intl.Collator().compare;

const ENDED_STATES = new Set(['stopped', 'crashed', 'killed', 'ended', 'terminated']);

export function isEnded(m: Pick<PodMeta, 'state' | 'endedAtMs'>): boolean {
  if (m.state === 'running') return false;
  return ENDED_STATES.has(m.state) || (m.endedAtMs !== null && Number.isFinite(m.endedAtMs));
}

export function podMetaFromRow(p: PodRow): PodMeta {
  const ended = timeMs(p.endedAt);
  return {
    namespace: p.namespace,
    workload: p.workload,
    serviceName: p.serviceName,
    podName: p.podName,
    nodeName: p.nodeName,
    hostIp: p.hostIp,
    state: p.state,
    endReason: p.endReason ?? '',
    firstSeenMs: timeMs(p.firstSeen),
    lastSeenMs: timeMs(p.lastSeen),
    endedAtMs: Number.isFinite(ended) ? ended : null,
    instanceCount: p.instanceCount,
    restartCount: p.restartCount,
    asOfMs: Math.max(timeMs(p.lastSeen) || 0, Number.isFinite(ended) ? ended : 0),
  };
}

/**
 * Applies a lifecycle transition to what the board knows of the pod (before /pods says so).
 * A transition not newer than the record (`asOfMs`) is already in it and changes nothing.
 */
export function applyTransition(pods: Map<string, PodMeta>, t: PodTransition): void {
  const key = podKey(t.namespace, t.podName);
  const ts = timeMs(t.ts);
  const cur = pods.get(key);
  if (cur && ts <= cur.asOfMs) return;
  const state = t.toState || (t.transition === 'started' || t.transition === 'ready' ? 'running' : t.transition);
  const ended = ENDED_STATES.has(state);
  const next: PodMeta = cur
    ? { ...cur }
    : {
        namespace: t.namespace,
        workload: t.workload,
        serviceName: t.serviceName,
        podName: t.podName,
        nodeName: '',
        hostIp: '',
        state,
        endReason: '',
        firstSeenMs: ts,
        lastSeenMs: ts,
        endedAtMs: null,
        instanceCount: 1,
        restartCount: 0,
        asOfMs: ts,
      };
  next.state = state;
  next.asOfMs = ts;
  next.lastSeenMs = Math.max(next.lastSeenMs || 0, ts);
  if (ended) {
    next.endedAtMs = ts;
    next.endReason = t.reason || t.transition;
  } else {
    next.endedAtMs = null;
    next.endReason = '';
    if (t.transition === 'restarted') {
      next.restartCount = (cur?.restartCount ?? 0) + 1;
      next.instanceCount = (cur?.instanceCount ?? 1) + 1;
    }
  }
  pods.set(key, next);
}

/**
 * What the board asks GET /velocity (the live window's seed, the longer windows): per pod, only
 * pods with transactions in the window. The board's idle pods come from the pods list (GET /pods
 * and live transitions) and idle velocity rows change no row (buildBoard skips stats without
 * transactions), so at fleet size they were only bytes.
 */
export function boardVelocityQuery(
  fromMs: number,
  toMs: number,
  scope: { namespace?: string; workload?: string; service?: string } = {},
) {
  // the largest page: a board shows every pod with traffic in its window (1 h at most)
  return { from: fromMs, to: toMs, groupBy: 'pod' as const, includeIdle: false, limit: LIST_PAGE_MAX, ...scope };
}

/** Velocity API rows as board stats (the longer windows are read over REST). */
export function statsFromVelocity(rows: readonly VelocityRow[], windowSec: number): PodStats[] {
  return rows.map((r) => ({
    key: podKey(r.namespace, r.podName),
    namespace: r.namespace,
    workload: r.workload,
    serviceName: r.serviceName,
    podName: r.podName,
    count: r.count,
    errors: r.errors,
    tps: Number.isFinite(r.tps) ? r.tps : r.count / windowSec,
    avgMs: r.count > 0 ? n(r.avgMs) : Number.NaN,
    maxMs: n(r.maxMs),
    satisfied: r.apdex.satisfied,
    tolerating: r.apdex.tolerating,
    frustrated: r.apdex.frustrated,
    apdexClass: r.count > 0 ? boardApdexClass(r.apdexClass) : 'idle',
    apdexScore: n(r.apdex.score),
  }));
}

export interface BuildBoardOptions {
  nowMs: number;
  /** ended pods stay on the board (greyed) this long after they ended (default 10 min) */
  keepEndedMs?: number;
  /** the rows of the previous build: a pod whose stats and record are the same objects keeps its row */
  reuse?: BoardRowCache;
}

/**
 * Rows of the previous build by pod. The live store keeps the stats and record objects of pods
 * that did not change, so their rows stay the same objects and what draws them can skip them.
 */
export class BoardRowCache {
  private rows = new Map<string, { m: PodMeta | null; s: PodStats | undefined; ended: boolean; row: BoardRow }>();
  private next = new Map<string, { m: PodMeta | null; s: PodStats | undefined; ended: boolean; row: BoardRow }>();

  row(key: string, m: PodMeta | null, s: PodStats | undefined, ended: boolean): BoardRow {
    const prev = this.rows.get(key);
    const row = prev && prev.m === m && prev.s === s && prev.ended === ended ? prev.row : makeRow(key, m, s, ended);
    this.next.set(key, { m, s, ended, row });
    return row;
  }

  /** After a build: forgets the pods it did not show. */
  done(): void {
    this.rows = this.next;
    this.next = new Map();
  }
}

/**
 * One group per workload, one row per pod: every running pod (even idle), every pod with traffic
 * in the window, and pods that ended recently, greyed with their end reason. Order is stable
 * (by name, ended pods last) so a wall screen does not shuffle.
 */
export function buildBoard(stats: Iterable<PodStats>, pods: Iterable<PodMeta>, opts: BuildBoardOptions): BoardGroup[] {
  const keepEnded = opts.keepEndedMs ?? 10 * 60_000;
  const byKey = new Map<string, PodStats>();
  for (const s of stats) byKey.set(s.key, s);
  const rows = new Map<string, BoardRow>();
  const row = (key: string, m: PodMeta | null, s: PodStats | undefined, ended: boolean) =>
    opts.reuse ? opts.reuse.row(key, m, s, ended) : makeRow(key, m, s, ended);

  for (const m of pods) {
    const key = podKey(m.namespace, m.podName);
    const s = byKey.get(key);
    const ended = isEnded(m);
    const hasTraffic = !!s && s.count > 0;
    if (ended && !hasTraffic && !(m.endedAtMs !== null && opts.nowMs - m.endedAtMs <= keepEnded)) continue;
    rows.set(key, row(key, m, s, ended));
  }
  for (const [key, s] of byKey) {
    if (rows.has(key) || s.count <= 0) continue;
    rows.set(key, row(key, null, s, false));
  }

  opts.reuse?.done();

  const groups = new Map<string, BoardGroup>();
  for (const r of rows.values()) {
    const gk = `${r.namespace}/${r.workload}`;
    let g = groups.get(gk);
    if (!g) {
      g = {
        key: gk,
        namespace: r.namespace,
        workload: r.workload,
        rows: [],
        tps: 0,
        count: 0,
        errors: 0,
        avgMs: Number.NaN,
        running: 0,
        ended: 0,
        restarts: 0,
        apdexClass: 'idle',
      };
      groups.set(gk, g);
    }
    g.rows.push(r);
  }
  for (const g of groups.values()) {
    let durSum = 0;
    let s = 0;
    let t = 0;
    let f = 0;
    for (const r of g.rows) {
      g.tps += r.tps;
      g.count += r.count;
      g.errors += r.errors;
      g.restarts += r.restartCount;
      if (r.count > 0 && Number.isFinite(r.avgMs)) durSum += r.avgMs * r.count;
      if (r.ended) g.ended++;
      else g.running++;
      const st = byKey.get(r.key);
      if (st) {
        s += st.satisfied;
        t += st.tolerating;
        f += st.frustrated;
      }
    }
    g.avgMs = g.count > 0 ? durSum / g.count : Number.NaN;
    g.apdexClass = apdexClass(s, t, f);
    g.rows.sort((a, b) => Number(a.ended) - Number(b.ended) || byName(a.podName, b.podName));
  }
  return [...groups.values()].sort((a, b) => byName(a.namespace, b.namespace) || byName(a.workload, b.workload));
}

function makeRow(key: string, m: PodMeta | null, s: PodStats | undefined, ended: boolean): BoardRow {
  const podName = m?.podName ?? s?.podName ?? key;
  const count = s?.count ?? 0;
  return {
    key,
    namespace: m?.namespace ?? s?.namespace ?? '',
    workload: m?.workload || s?.workload || '(none)',
    serviceName: m?.serviceName || s?.serviceName || '',
    podName,
    label: shortPodLabel(podName),
    state: m?.state ?? 'running',
    ended,
    endReason: m?.endReason ?? '',
    endedAtMs: m?.endedAtMs ?? null,
    count,
    errors: s?.errors ?? 0,
    tps: s?.tps ?? 0,
    avgMs: count > 0 ? (s?.avgMs ?? Number.NaN) : Number.NaN,
    maxMs: s?.maxMs ?? 0,
    apdexClass: count > 0 && s ? s.apdexClass : 'idle',
    apdexScore: s ? apdexScore(s.satisfied, s.tolerating, s.frustrated) : Number.NaN,
    restartCount: m?.restartCount ?? 0,
    instanceCount: m?.instanceCount ?? 1,
  };
}

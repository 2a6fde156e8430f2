import type { LivePodRow, VelocityRow } from '../api/types.js';
import { apdexClass, apdexScore, type BoardApdexClass } from './apdex.js';

/** One pod's aggregate of one second (or of the window). */
interface Bucket {
  count: number;
  errors: number;
  durationSumMs: number;
  maxMs: number;
  satisfied: number;
  tolerating: number;
  frustrated: number;
}

/** Who the pod is. */
interface PodMeta {
  namespace: string;
  workload: string;
  serviceName: string;
  podName: string;
  instanceId: string;
}

interface PodTrack extends PodMeta {
  key: string;
  buckets: Map<number, Bucket>;
  lastActiveSec: number;
  /** sums of the buckets inside the window, kept as seconds enter and leave it */
  win: Bucket;
  /** how many of the buckets are inside the window */
  winBuckets: number;
  /** win.maxMs may be too high: a second holding the max left the window (max cannot be subtracted) */
  maxStale: boolean;
}

export interface PodWindowStats extends PodMeta, Bucket {
  key: string;
  tps: number;
  avgMs: number;
  apdexScore: number;
  apdexClass: BoardApdexClass;
  /** last second with traffic (epoch seconds), 0 if none in the history */
  lastActiveSec: number;
}

export interface RollingOptions {
  /** seconds aggregated for the board (rate, latency, count) */
  windowSec?: number;
  /** seconds of per-second history kept for charts */
  historySec?: number;
}

export const podKey = (namespace: string, podName: string) => `${namespace}/${podName}`;

const zero = (): Bucket => ({
  count: 0,
  errors: 0,
  durationSumMs: 0,
  maxMs: 0,
  satisfied: 0,
  tolerating: 0,
  frustrated: 0,
});

/**
 * Rolling per-pod aggregates from the live stream's per-second ticks, computed in the browser so
 * the board needs no query per second. The window ends at the newest second the server closed
 * (not the browser clock, which may be skewed): a pod's rate is count / windowSec.
 *
 * The window's sums are kept incrementally (a second entering is added, one leaving subtracted)
 * and `stats()` rebuilds only the pods that changed: at 500 pods re-adding 60 s of buckets per pod
 * on every update was the largest script cost of the dashboard.
 */
export class RollingWindow {
  readonly windowSec: number;
  readonly historySec: number;
  private now = 0;
  private open = 0;
  private floor = 0;
  private readonly pods = new Map<string, PodTrack>();
  /** which pods have a bucket for a second: a moving window touches only those */
  private readonly bySec = new Map<number, Set<PodTrack>>();
  /** the window the sums are for ends here (follows endSec) */
  private winEnd = 0;
  /** pods whose stats changed since the last `stats()`, pods forgotten since then */
  private readonly changed = new Set<PodTrack>();
  private readonly removed = new Set<string>();
  /** pods left without buckets (forgotten at the next advance, as their history ran out) */
  private readonly emptied = new Set<PodTrack>();
  private out = new Map<string, PodWindowStats>();
  private outStale = false;

  constructor(opts: RollingOptions = {}) {
    this.windowSec = opts.windowSec ?? 60;
    this.historySec = Math.max(this.windowSec, opts.historySec ?? 300);
  }

  /** newest closed second seen (epoch seconds) */
  get nowSec(): number {
    return this.now;
  }

  /** newest second with rows from a partial tick (still open at the hub when sent) */
  get openSec(): number {
    return this.open;
  }

  /** seconds up to this one came from a REST snapshot: live rows for them would count twice */
  get floorSec(): number {
    return this.floor;
  }

  /**
   * A tick: the second `ts` closed with these pod aggregates (pods without traffic omitted), or,
   * `partial`, rows of a second still open (more may come for it).
   */
  addTick(ts: number, pods: readonly LivePodRow[], partial = false): void {
    if (partial) {
      if (ts > this.open) this.open = ts;
      this.slide();
    } else this.advance(ts);
    this.addRows(pods);
  }

  /** The newest second the board's window ends at: closed, or open with rows already in. */
  get endSec(): number {
    return Math.max(this.now, this.open);
  }

  /**
   * Forgets the rows of seconds after the newest closed one (a new hub replays them from its own
   * ticks after the last closed second: kept, they would count twice).
   */
  dropOpenSeconds(): void {
    for (const sec of [...this.bySec.keys()]) {
      if (sec <= this.now) continue;
      for (const t of [...(this.bySec.get(sec) ?? [])]) this.removeBucket(t, sec);
    }
    this.open = 0;
    this.slide();
  }

  addRows(rows: readonly LivePodRow[]): void {
    for (const r of rows) {
      const sec = r.ts;
      if (sec <= this.floor) continue;
      if (this.now && sec <= this.now - this.historySec) continue;
      const track = this.track(r.namespace, r.podName, r);
      if (r.instanceId) track.instanceId = r.instanceId;
      if (r.workload) track.workload = r.workload;
      if (r.serviceName) track.serviceName = r.serviceName;
      this.addTo(track, sec, {
        count: r.count,
        errors: r.errors,
        durationSumMs: r.durationSumMs,
        maxMs: r.durationMaxMs,
        satisfied: r.satisfied,
        tolerating: r.tolerating,
        frustrated: r.frustrated,
      });
      if (r.count > 0 && sec > track.lastActiveSec) track.lastActiveSec = sec;
      this.touch(track);
    }
  }

  /**
   * Initial state from `GET /velocity` over (fromSec, toSec]: the API gives one aggregate per pod, so
   * it is spread evenly over the seconds it covers and fades out of the window as live ticks arrive.
   * Counts are exact again once the page has been connected for one window.
   */
  seed(rows: readonly VelocityRow[], fromSec: number, toSec: number): void {
    const span = Math.max(1, Math.round(toSec - fromSec));
    this.advance(toSec);
    this.floor = Math.max(this.floor, toSec);
    for (const r of rows) {
      if (!r.podName || r.count <= 0) continue;
      const track = this.track(r.namespace, r.podName, r);
      const f = 1 / span;
      for (let s = toSec - span + 1; s <= toSec; s++) {
        this.addTo(track, s, {
          count: r.count * f,
          errors: r.errors * f,
          durationSumMs: (r.avgMs ?? 0) * r.count * f,
          maxMs: r.maxMs ?? 0,
          satisfied: r.apdex.satisfied * f,
          tolerating: r.apdex.tolerating * f,
          frustrated: r.apdex.frustrated * f,
        });
      }
      if (toSec > track.lastActiveSec) track.lastActiveSec = toSec;
      this.touch(track);
    }
  }

  /** Moves the end of the window forward and forgets seconds older than the history. */
  advance(nowSec: number): void {
    if (nowSec <= this.now) return;
    this.now = nowSec;
    const oldest = nowSec - this.historySec;
    // at most historySec seconds are indexed: this walks those, not the pods
    for (const [sec, tracks] of this.bySec) {
      if (sec > oldest) continue;
      for (const t of [...tracks]) this.removeBucket(t, sec);
    }
    for (const t of this.emptied) {
      if (t.buckets.size === 0 && this.pods.get(t.key) === t) {
        this.pods.delete(t.key);
        this.removed.add(t.key);
        this.outStale = true;
      }
    }
    this.emptied.clear();
    this.slide();
  }

  clear(): void {
    this.pods.clear();
    this.bySec.clear();
    this.changed.clear();
    this.removed.clear();
    this.emptied.clear();
    this.now = 0;
    this.open = 0;
    this.floor = 0;
    this.winEnd = 0;
    this.out = new Map();
    this.outStale = false;
  }

  /**
   * Aggregates over (endSec - windowSec, endSec] per pod, for every pod with history: the window
   * ends at the newest second with rows, so a request shows as soon as a partial tick brings it.
   * The same map while nothing changed; otherwise a new one, in which the pods that did not change
   * keep their objects.
   */
  stats(): Map<string, PodWindowStats> {
    if (!this.outStale) return this.out;
    const next = new Map(this.out);
    for (const key of this.removed) next.delete(key);
    for (const t of this.changed) {
      if (this.pods.get(t.key) !== t) continue;
      if (t.maxStale) {
        t.win.maxMs = this.windowOf(t).maxMs;
        t.maxStale = false;
      }
      next.set(t.key, this.toStats(t, t.win));
    }
    this.changed.clear();
    this.removed.clear();
    this.out = next;
    this.outStale = false;
    return next;
  }

  /**
   * The same aggregates added up again from every pod's buckets: what `stats()` keeps
   * incrementally (its tests compare the two).
   */
  statsRecomputed(): Map<string, PodWindowStats> {
    const out = new Map<string, PodWindowStats>();
    for (const [key, t] of this.pods) out.set(key, this.toStats(t, this.windowOf(t)));
    return out;
  }

  /**
   * Transactions per second for the last `seconds` seconds ending at nowSec (oldest first); null
   * for seconds only known from the REST snapshot (an average, not a measurement).
   */
  series(key: string, seconds = this.windowSec): (number | null)[] {
    const start = this.now - seconds + 1;
    const out: (number | null)[] = Array.from({ length: seconds }, (_, i) => (start + i <= this.floor ? null : 0));
    const t = this.pods.get(key);
    if (!t) return out;
    for (const [sec, b] of t.buckets) {
      const i = sec - start;
      if (i >= 0 && i < seconds && sec > this.floor) out[i] = (out[i] ?? 0) + b.count;
    }
    return out;
  }

  keys(): string[] {
    return [...this.pods.keys()];
  }

  private toStats(t: PodTrack, a: Bucket): PodWindowStats {
    return {
      key: t.key,
      namespace: t.namespace,
      workload: t.workload,
      serviceName: t.serviceName,
      podName: t.podName,
      instanceId: t.instanceId,
      count: a.count,
      errors: a.errors,
      durationSumMs: a.durationSumMs,
      maxMs: a.maxMs,
      satisfied: a.satisfied,
      tolerating: a.tolerating,
      frustrated: a.frustrated,
      tps: a.count / this.windowSec,
      avgMs: a.count > 0 ? a.durationSumMs / a.count : Number.NaN,
      apdexScore: apdexScore(a.satisfied, a.tolerating, a.frustrated),
      apdexClass: apdexClass(a.satisfied, a.tolerating, a.frustrated),
      lastActiveSec: t.lastActiveSec,
    };
  }

  /** A pod's window added up from its buckets. */
  private windowOf(t: PodTrack): Bucket {
    const a = zero();
    const end = this.endSec;
    const from = end - this.windowSec;
    // the window's seconds only (a pod keeps historySec of them for the charts)
    if (t.buckets.size > this.windowSec) {
      for (let sec = from + 1; sec <= end; sec++) {
        const b = t.buckets.get(sec);
        if (b) mergeInto(a, b);
      }
    } else {
      for (const [sec, b] of t.buckets) if (sec > from && sec <= end) mergeInto(a, b);
    }
    return a;
  }

  private inWindow(sec: number): boolean {
    return sec > this.winEnd - this.windowSec && sec <= this.winEnd;
  }

  /** Moves the window's sums to end at endSec: only the seconds entering and leaving it. */
  private slide(): void {
    const to = this.endSec;
    const from = this.winEnd;
    if (to === from) return;
    const w = this.windowSec;
    this.winEnd = to;
    if (Math.abs(to - from) >= w) {
      for (const t of this.pods.values()) {
        t.win = this.windowOf(t);
        t.winBuckets = 0;
        for (const sec of t.buckets.keys()) if (this.inWindow(sec)) t.winBuckets++;
        t.maxStale = false;
        this.touch(t);
      }
      return;
    }
    const [leaveFrom, leaveTo, enterFrom, enterTo] =
      to > from ? [from - w, to - w, from, to] : [to, from, to - w, from - w];
    for (let sec = leaveFrom + 1; sec <= leaveTo; sec++)
      for (const t of this.bySec.get(sec) ?? []) this.leave(t, t.buckets.get(sec)!);
    for (let sec = enterFrom + 1; sec <= enterTo; sec++)
      for (const t of this.bySec.get(sec) ?? []) this.enter(t, t.buckets.get(sec)!);
  }

  private enter(t: PodTrack, b: Bucket): void {
    mergeInto(t.win, b);
    t.winBuckets++;
    this.touch(t);
  }

  private leave(t: PodTrack, b: Bucket): void {
    t.winBuckets--;
    if (t.winBuckets <= 0) {
      // exactly zero, not what subtracting leaves of fractions
      t.win = zero();
      t.winBuckets = 0;
      t.maxStale = false;
    } else {
      subtractFrom(t.win, b);
      if (b.maxMs >= t.win.maxMs) t.maxStale = true;
    }
    this.touch(t);
  }

  private removeBucket(t: PodTrack, sec: number): void {
    const b = t.buckets.get(sec);
    if (!b) return;
    if (this.inWindow(sec)) this.leave(t, b);
    t.buckets.delete(sec);
    const tracks = this.bySec.get(sec);
    tracks?.delete(t);
    if (tracks?.size === 0) this.bySec.delete(sec);
    if (t.buckets.size === 0) this.emptied.add(t);
    this.touch(t);
  }

  private touch(t: PodTrack): void {
    this.changed.add(t);
    this.outStale = true;
  }

  private track(
    namespace: string,
    podName: string,
    meta: { workload: string; serviceName: string; instanceId?: string },
  ): PodTrack {
    const key = podKey(namespace, podName);
    let t = this.pods.get(key);
    if (!t) {
      t = {
        key,
        namespace,
        workload: meta.workload,
        serviceName: meta.serviceName,
        podName,
        instanceId: meta.instanceId ?? '',
        buckets: new Map(),
        lastActiveSec: 0,
        win: zero(),
        winBuckets: 0,
        maxStale: false,
      };
      this.pods.set(key, t);
      this.touch(t);
    }
    return t;
  }

  private addTo(track: PodTrack, sec: number, b: Bucket): void {
    const cur = track.buckets.get(sec);
    if (cur) mergeInto(cur, b);
    else {
      track.buckets.set(sec, { ...b });
      let tracks = this.bySec.get(sec);
      if (!tracks) {
        tracks = new Set();
        this.bySec.set(sec, tracks);
      }
      tracks.add(track);
    }
    if (this.inWindow(sec)) {
      mergeInto(track.win, b);
      if (!cur) track.winBuckets++;
    }
    this.touch(track);
  }
}

function mergeInto(into: Bucket, b: Bucket): void {
  into.count += b.count;
  into.errors += b.errors;
  into.durationSumMs += b.durationSumMs;
  into.satisfied += b.satisfied;
  into.tolerating += b.tolerating;
  into.frustrated += b.frustrated;
  if (b.maxMs > into.maxMs) into.maxMs = b.maxMs;
}

/** Below this a difference of sums is what floating point leaves of fractions that cancel out. */
const RESIDUE = 1e-9;
const minus = (a: number, b: number) => {
  const d = a - b;
  return Math.abs(d) < RESIDUE ? 0 : d;
};

function subtractFrom(into: Bucket, b: Bucket): void {
  into.count = minus(into.count, b.count);
  into.errors = minus(into.errors, b.errors);
  into.durationSumMs = minus(into.durationSumMs, b.durationSumMs);
  into.satisfied = minus(into.satisfied, b.satisfied);
  into.tolerating = minus(into.tolerating, b.tolerating);
  into.frustrated = minus(into.frustrated, b.frustrated);
}

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
  buckets: Map<number, Bucket>;
  lastActiveSec: number;
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

/**
 * Rolling per-pod aggregates from the live stream's per-second ticks, computed in the browser so
 * the board needs no query per second. The window ends at the newest second the server closed
 * (not the browser clock, which may be skewed): a pod's rate is count / windowSec.
 */
export class RollingWindow {
  readonly windowSec: number;
  readonly historySec: number;
  /** newest closed second seen (epoch seconds) */
  nowSec = 0;
  /** newest second with rows from a partial tick (still open at the hub when sent) */
  openSec = 0;
  /** seconds up to this one came from a REST snapshot: live rows for them would count twice */
  floorSec = 0;
  private readonly pods = new Map<string, PodTrack>();

  constructor(opts: RollingOptions = {}) {
    this.windowSec = opts.windowSec ?? 60;
    this.historySec = Math.max(this.windowSec, opts.historySec ?? 300);
  }

  /**
   * A tick: the second `ts` closed with these pod aggregates (pods without traffic omitted), or,
   * `partial`, rows of a second still open (more may come for it).
   */
  addTick(ts: number, pods: readonly LivePodRow[], partial = false): void {
    if (partial) {
      if (ts > this.openSec) this.openSec = ts;
    } else this.advance(ts);
    this.addRows(pods);
  }

  /** The newest second the board's window ends at: closed, or open with rows already in. */
  get endSec(): number {
    return Math.max(this.nowSec, this.openSec);
  }

  /**
   * Forgets the rows of seconds after the newest closed one (a new hub replays them from its own
   * ticks after the last closed second: kept, they would count twice).
   */
  dropOpenSeconds(): void {
    for (const track of this.pods.values())
      for (const sec of track.buckets.keys()) if (sec > this.nowSec) track.buckets.delete(sec);
    this.openSec = 0;
  }

  addRows(rows: readonly LivePodRow[]): void {
    for (const r of rows) {
      const sec = r.ts;
      if (sec <= this.floorSec) continue;
      if (this.nowSec && sec <= this.nowSec - this.historySec) continue;
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
    this.floorSec = Math.max(this.floorSec, toSec);
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
    }
  }

  /** Moves the end of the window forward and forgets seconds older than the history. */
  advance(nowSec: number): void {
    if (nowSec <= this.nowSec) return;
    this.nowSec = nowSec;
    const oldest = nowSec - this.historySec;
    for (const [key, track] of this.pods) {
      for (const sec of track.buckets.keys()) if (sec <= oldest) track.buckets.delete(sec);
      if (track.buckets.size === 0) this.pods.delete(key);
    }
  }

  clear(): void {
    this.pods.clear();
    this.nowSec = 0;
    this.openSec = 0;
    this.floorSec = 0;
  }

  /**
   * Aggregates over (endSec - windowSec, endSec] per pod, for every pod with history: the window
   * ends at the newest second with rows, so a request shows as soon as a partial tick brings it.
   */
  stats(): Map<string, PodWindowStats> {
    const out = new Map<string, PodWindowStats>();
    const end = this.endSec;
    const from = end - this.windowSec;
    for (const [key, t] of this.pods) {
      const a: Bucket = { count: 0, errors: 0, durationSumMs: 0, maxMs: 0, satisfied: 0, tolerating: 0, frustrated: 0 };
      // the window's seconds only (a pod keeps historySec of them for the charts)
      if (t.buckets.size > this.windowSec) {
        for (let sec = from + 1; sec <= end; sec++) {
          const b = t.buckets.get(sec);
          if (b) mergeInto(a, b);
        }
      } else {
        for (const [sec, b] of t.buckets) if (sec > from && sec <= end) mergeInto(a, b);
      }
      const score = apdexScore(a.satisfied, a.tolerating, a.frustrated);
      out.set(key, {
        key,
        namespace: t.namespace,
        workload: t.workload,
        serviceName: t.serviceName,
        podName: t.podName,
        instanceId: t.instanceId,
        ...a,
        tps: a.count / this.windowSec,
        avgMs: a.count > 0 ? a.durationSumMs / a.count : Number.NaN,
        apdexScore: score,
        apdexClass: apdexClass(a.satisfied, a.tolerating, a.frustrated),
        lastActiveSec: t.lastActiveSec,
      });
    }
    return out;
  }

  /**
   * Transactions per second for the last `seconds` seconds ending at nowSec (oldest first); null
   * for seconds only known from the REST snapshot (an average, not a measurement).
   */
  series(key: string, seconds = this.windowSec): (number | null)[] {
    const start = this.nowSec - seconds + 1;
    const out: (number | null)[] = Array.from({ length: seconds }, (_, i) => (start + i <= this.floorSec ? null : 0));
    const t = this.pods.get(key);
    if (!t) return out;
    for (const [sec, b] of t.buckets) {
      const i = sec - start;
      if (i >= 0 && i < seconds && sec > this.floorSec) out[i] = (out[i] ?? 0) + b.count;
    }
    return out;
  }

  keys(): string[] {
    return [...this.pods.keys()];
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
        namespace,
        workload: meta.workload,
        serviceName: meta.serviceName,
        podName,
        instanceId: meta.instanceId ?? '',
        buckets: new Map(),
        lastActiveSec: 0,
      };
      this.pods.set(key, t);
    }
    return t;
  }

  private addTo(track: PodTrack, sec: number, b: Bucket): void {
    const cur = track.buckets.get(sec);
    if (!cur) {
      track.buckets.set(sec, { ...b });
      return;
    }
    mergeInto(cur, b);
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

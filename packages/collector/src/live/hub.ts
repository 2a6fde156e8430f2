import { randomBytes } from 'node:crypto';
import type {
  LiveFilter,
  LiveKubernetesMessage,
  LivePodRow,
  LiveTick,
  LiveTransitionMessage,
} from '@podtrail/contracts/api';
import { apdexFromLatency, type LatencyBucketCount } from '@podtrail/contracts/rules';
import type { LivePodSecond, LiveRecord } from '@podtrail/contracts/wire';
import { type ApiConfig, apdexThresholdFor } from '../api-config.js';
import { normalizeKubernetesChange, normalizeRow, normalizeTransition } from './live-record.js';
import { type Seqd, Subscriber, type SubscriberSink } from './subscriber.js';

/**
 * The live hub: merges the per-second per-pod partial rows that every collector publishes on the
 * live topic (several collectors may each publish a part of the same pod-second when the ingest
 * partitions are split: the hub sums them, latency histograms included), closes each second
 * `graceMs` after it ended, and pushes one `tick` per closed second to every subscriber (filtered
 * per subscriber). Apdex is applied there, at read time: each row's counts come from its latency
 * histogram against the service's threshold in force when the second closes, so the live board
 * and the REST API agree after a threshold change. Rows that arrive after their second was closed
 * are pushed in a later `tick` with `late: true` (rows are additive), so the sum over all ticks
 * always equals what was published. With `partialMs`, rows of seconds still open are pushed as
 * they arrive (every `partialMs`) in `partial: true` ticks, and the tick that closes a second
 * carries only what was not pushed yet: a board counts a request about a second after it was
 * stored instead of after the grace, and the sums stay exact. Transitions and cluster changes are pushed at once.
 * Everything pushed is kept `replaySeconds` for `since` replay. No ClickHouse access.
 */
export interface LiveHubOptions {
  graceMs: number;
  /** push the rows of open seconds this often (ms, partial ticks); 0 or absent: only at close */
  partialMs?: number;
  bufferSize: number;
  replaySeconds: number;
  /** Apdex thresholds, read each time a second closes */
  apdex: Pick<ApiConfig, 'apdexThresholdMs' | 'apdexThresholdMsByService'>;
  /** clock (tests) */
  now?: () => number;
  /** cap on retained messages, whatever their age */
  maxHistory?: number;
  /**
   * cap on the pod-second rows of retained ticks, whatever their age (default 100,000): a row costs
   * under 1 KB of heap, and a burst (a backlog replayed, many live pods) would otherwise keep every
   * row of `replaySeconds`. Beyond it the oldest messages go; a replay that needed them gets `dropped`.
   */
  maxHistoryRows?: number;
}

/** Pod-second rows kept for replay at most, by default (60–100 MB of heap). */
export const DEFAULT_MAX_HISTORY_ROWS = 100_000;

/** The pod-second rows a retained message holds (what maxHistoryRows counts). */
const podRows = (msg: Seqd): number => (msg.type === 'tick' ? msg.pods.length : 0);

/** What a subscriber asks for (a client's `subscribe`). */
export interface LiveSubscription {
  filter?: LiveFilter;
  /** last seq seen on this hub */
  since?: number;
  /** the hub that numbered `since`; another hub replays by `sinceTs` instead */
  hubId?: string;
  /** epoch s of the last tick seen */
  sinceTs?: number;
}

export interface HubStats {
  /** clients connected now */
  subscribers: number;
  seq: number;
  /** pod-second rows received from the live topic */
  rowsIn: number;
  /** rows that arrived after their second was closed (sent in a later `late` tick) */
  lateRows: number;
  transitionsIn: number;
  /** cluster changes (the Kubernetes watcher's leader) received */
  kubernetesIn: number;
  badRecords: number;
  /** ticks the hub emitted (one per second, plus late corrections) */
  ticks: number;
  /** of which late corrections */
  lateTicks: number;
  /** ticks with rows of seconds still open (not in `ticks`) */
  partialTicks: number;
  /** messages written to client sockets, all clients since start (departed ones included) */
  messagesSent: number;
  /** messages dropped from full client buffers, all clients since start (departed ones included) */
  droppedToClients: number;
  lastClosedTs: number;
  /** messages kept for `since` replay, and the pod-second rows in them */
  replayMessages: number;
  replayRows: number;
}

/** A pod-second being merged: the summed row and its histogram buckets by number. */
interface OpenRow {
  row: LivePodSecond;
  buckets: Map<number, LatencyBucketCount>;
}

function podKey(r: LivePodSecond): string {
  return `${r.namespace}\u0001${r.podName}\u0001${r.instanceId}\u0001${r.serviceName}\u0001${r.workload}`;
}

function openRow(r: LivePodSecond): OpenRow {
  return { row: r, buckets: new Map(r.latency.map((b) => [b[0], b])) };
}

function addInto(into: OpenRow, r: LivePodSecond): void {
  const row = into.row;
  row.count += r.count;
  row.errors += r.errors;
  row.durationSumMs += r.durationSumMs;
  if (r.durationMaxMs > row.durationMaxMs) row.durationMaxMs = r.durationMaxMs;
  for (const [b, c, e] of r.latency) {
    const cur = into.buckets.get(b);
    if (cur) {
      cur[1] += c;
      cur[2] += e;
    } else {
      const bucket: LatencyBucketCount = [b, c, e];
      into.buckets.set(b, bucket);
      row.latency.push(bucket);
    }
  }
}

export class LiveHub {
  readonly hubId = randomBytes(6).toString('hex');
  private seq = 0;
  private readonly now: () => number;
  /** second -> pod key -> merged row not yet pushed (seconds not yet closed) */
  private readonly pending = new Map<number, Map<string, OpenRow>>();
  /** open second -> seqs of its partial ticks (replayed to a new subscriber, which missed them) */
  private readonly partialSeqs = new Map<number, number[]>();
  /** rows for already closed seconds, pushed on the next cycle */
  private readonly late = new Map<number, Map<string, OpenRow>>();
  private lastClosed: number;
  private readonly history: Array<{ at: number; msg: Seqd }> = [];
  private historyHead = 0;
  /** pod-second rows of history[historyHead..] */
  private historyRows = 0;
  private readonly subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | undefined;
  private readonly stats = {
    rowsIn: 0,
    lateRows: 0,
    transitionsIn: 0,
    kubernetesIn: 0,
    badRecords: 0,
    ticks: 0,
    lateTicks: 0,
    partialTicks: 0,
  };
  /** sent / dropped counts of clients that left */
  private departedSent = 0;
  private departedDropped = 0;

  constructor(readonly opts: LiveHubOptions) {
    this.now = opts.now ?? Date.now;
    this.lastClosed = this.closableUpTo(this.now());
  }

  /** Last second that may be closed at time `nowMs`. */
  private closableUpTo(nowMs: number): number {
    return Math.floor((nowMs - this.opts.graceMs) / 1000) - 1;
  }

  get currentSeq(): number {
    return this.seq;
  }

  /** Feeds one record from the live topic. Unknown shapes are counted and ignored. */
  publish(record: LiveRecord | unknown): void {
    const rec = record as Partial<LiveRecord> & { rows?: unknown; event?: unknown };
    if (rec?.kind === 'pod-seconds' && Array.isArray(rec.rows)) {
      for (const raw of rec.rows) {
        const r = normalizeRow(raw);
        if (!r) {
          this.stats.badRecords++;
          continue;
        }
        this.addRow(r);
      }
      return;
    }
    if (rec?.kind === 'kubernetes') {
      const change = normalizeKubernetesChange((rec as { change?: unknown }).change);
      if (change) {
        this.stats.kubernetesIn++;
        this.emit({ type: 'kubernetes', seq: 0, change } satisfies LiveKubernetesMessage);
        return;
      }
    }
    if (rec?.kind === 'transition') {
      const event = normalizeTransition(rec.event);
      if (event) {
        this.stats.transitionsIn++;
        this.emit({ type: 'transition', seq: 0, event } satisfies LiveTransitionMessage);
        return;
      }
    }
    this.stats.badRecords++;
  }

  private addRow(r: LivePodSecond): void {
    this.stats.rowsIn++;
    const isLate = r.ts <= this.lastClosed;
    if (isLate) this.stats.lateRows++;
    const target = isLate ? this.late : this.pending;
    let sec = target.get(r.ts);
    if (!sec) {
      sec = new Map();
      target.set(r.ts, sec);
      // Guard against a producer with a wild clock: keep at most 2 h of open seconds.
      if (target === this.pending && target.size > 7200) {
        const oldest = Math.min(...target.keys());
        target.delete(oldest);
      }
    }
    const k = podKey(r);
    const cur = sec.get(k);
    if (cur) addInto(cur, r);
    else sec.set(k, openRow(r));
  }

  /** The rows of a closed second as sent: Apdex counts against each service's current T. */
  private podRows(sec: Map<string, OpenRow> | undefined): LivePodRow[] {
    if (!sec) return [];
    const out: LivePodRow[] = [];
    for (const { row } of sec.values()) {
      const { latency, ...rest } = row;
      out.push({ ...rest, ...apdexFromLatency(latency, apdexThresholdFor(this.opts.apdex, row.serviceName)) });
    }
    return out;
  }

  /** Closes every second that is due at `nowMs` and pushes its tick (call once per second). */
  cycle(nowMs: number = this.now()): void {
    // Late corrections first, oldest second first.
    if (this.late.size) {
      for (const ts of [...this.late.keys()].sort((a, b) => a - b)) {
        const pods = this.podRows(this.late.get(ts));
        this.late.delete(ts);
        this.emit({ type: 'tick', seq: 0, ts, late: true, pods } satisfies LiveTick);
      }
    }
    const upTo = this.closableUpTo(nowMs);
    if (upTo > this.lastClosed) {
      // After a long stall (suspended process) do not emit thousands of empty ticks.
      let start = this.lastClosed + 1;
      if (upTo - start > 600) {
        for (const ts of [...this.pending.keys()]) {
          if (ts < upTo - 600) {
            const pods = this.podRows(this.pending.get(ts));
            this.pending.delete(ts);
            this.emit({ type: 'tick', seq: 0, ts, late: true, pods } satisfies LiveTick);
          }
        }
        start = upTo - 600;
      }
      for (let ts = start; ts <= upTo; ts++) {
        const pods = this.podRows(this.pending.get(ts));
        this.pending.delete(ts);
        this.emit({ type: 'tick', seq: 0, ts, pods } satisfies LiveTick);
      }
      for (const ts of this.partialSeqs.keys()) if (ts <= upTo) this.partialSeqs.delete(ts);
      this.lastClosed = upTo;
    }
    if (this.opts.partialMs) this.pushOpenSeconds(nowMs);
    this.prune(nowMs);
    for (const s of this.subscribers) s.drain();
  }

  /**
   * Pushes what arrived for seconds still open, up to the current second (rows a producer with a
   * clock ahead sent for later seconds wait until those are due, so a board's window never runs
   * ahead of the hub's clock).
   */
  private pushOpenSeconds(nowMs: number): void {
    const current = Math.floor(nowMs / 1000);
    for (const ts of [...this.pending.keys()].sort((a, b) => a - b)) {
      if (ts > current) break;
      const pods = this.podRows(this.pending.get(ts));
      this.pending.delete(ts);
      if (pods.length === 0) continue;
      const msg = { type: 'tick', seq: 0, ts, partial: true, pods } satisfies LiveTick;
      this.emit(msg);
      const seqs = this.partialSeqs.get(ts);
      if (seqs) seqs.push(msg.seq);
      else this.partialSeqs.set(ts, [msg.seq]);
    }
  }

  private emit(msg: Seqd): void {
    msg.seq = ++this.seq;
    if (msg.type === 'tick') {
      if (msg.partial) this.stats.partialTicks++;
      else this.stats.ticks++;
      if (msg.late) this.stats.lateTicks++;
    }
    this.history.push({ at: this.now(), msg });
    this.historyRows += podRows(msg);
    // a burst is bounded as it arrives, not at the next cycle
    if (this.historyRows > (this.opts.maxHistoryRows ?? DEFAULT_MAX_HISTORY_ROWS)) this.prune(this.now());
    for (const s of this.subscribers) s.offer(msg);
  }

  private prune(nowMs: number): void {
    const minAt = nowMs - this.opts.replaySeconds * 1000;
    const max = this.opts.maxHistory ?? 200_000;
    const maxRows = this.opts.maxHistoryRows ?? DEFAULT_MAX_HISTORY_ROWS;
    while (this.historyHead < this.history.length) {
      const oldest = this.history[this.historyHead]!;
      if (oldest.at >= minAt && this.history.length - this.historyHead <= max && this.historyRows <= maxRows) break;
      this.historyRows -= podRows(oldest.msg);
      this.historyHead++;
    }
    if (this.historyHead > 4096 && this.historyHead * 2 > this.history.length) {
      this.history.splice(0, this.historyHead);
      this.historyHead = 0;
    }
  }

  /**
   * Adds a subscriber. `since` = last seq the client saw (same hub): everything after it that is
   * still retained is replayed first; if some of it is gone, a `dropped` message says how much.
   * With `hubId` of another hub (collector restarted or a different replica), `sinceTs` (epoch s of
   * the last tick the client saw) replays the retained ticks after that second instead.
   */
  subscribe(sink: SubscriberSink, opts: LiveSubscription = {}): Subscriber {
    const sub = new Subscriber(opts.filter, this.opts.bufferSize, sink);
    sub.offerRaw({
      type: 'hello',
      seq: this.seq,
      serverTime: this.now(),
      hubId: this.hubId,
      graceMs: this.opts.graceMs,
    });
    const sameHub = opts.hubId === undefined || opts.hubId === this.hubId;
    if (sameHub && opts.since !== undefined && opts.since < this.seq) {
      const oldest = this.historyHead < this.history.length ? this.history[this.historyHead]!.msg.seq : this.seq + 1;
      const since = Math.max(0, opts.since);
      if (since + 1 < oldest) sub.offerRaw({ type: 'dropped', count: oldest - since - 1, seq: since });
      for (let i = this.historyHead; i < this.history.length; i++) {
        const m = this.history[i]!.msg;
        if (m.seq > since) sub.offer(m);
      }
    } else if (!sameHub && opts.sinceTs !== undefined) {
      for (let i = this.historyHead; i < this.history.length; i++) {
        const m = this.history[i]!.msg;
        const ts =
          m.type === 'tick'
            ? m.ts
            : m.type === 'transition'
              ? Math.floor(Date.parse(m.event.ts) / 1000)
              : m.type === 'kubernetes'
                ? Math.floor(Date.parse(m.change.ts) / 1000)
                : 0;
        if (ts > opts.sinceTs) sub.offer(m);
      }
    } else if (this.partialSeqs.size > 0) {
      // a new subscriber: the rows already pushed for the seconds still open, whose closing
      // ticks will carry only the rest
      for (const m of this.retainedPartialTicks()) sub.offer(m);
    }
    this.subscribers.add(sub);
    return sub;
  }

  /** The retained partial ticks of the seconds still open, in seq order. */
  private retainedPartialTicks(): Seqd[] {
    const want = new Set<number>();
    for (const seqs of this.partialSeqs.values()) for (const q of seqs) want.add(q);
    const out: Seqd[] = [];
    // they are among the newest messages: walk back from the end
    for (let i = this.history.length - 1; i >= this.historyHead && want.size > 0; i--) {
      const m = this.history[i]!.msg;
      if (want.delete(m.seq)) out.push(m);
    }
    return out.reverse();
  }

  unsubscribe(sub: Subscriber): void {
    sub.closed = true;
    if (this.subscribers.delete(sub)) {
      this.departedSent += sub.sent;
      this.departedDropped += sub.droppedTotal;
    }
  }

  /** Starts the cycle (every second, or every `partialMs`), aligned just after each second boundary. */
  start(): void {
    if (this.timer) return;
    const every = this.opts.partialMs && this.opts.partialMs < 1000 ? Math.max(10, this.opts.partialMs) : 1000;
    const schedule = () => {
      const now = Date.now();
      const sinceSecond = now % 1000;
      const next = Math.min(1000, (Math.floor(sinceSecond / every) + 1) * every);
      const delay = next - sinceSecond + 20;
      this.timer = setTimeout(() => {
        try {
          this.cycle();
        } finally {
          if (this.timer) schedule();
        }
      }, delay);
      this.timer.unref();
    };
    schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const s of this.subscribers) s.closed = true;
    this.subscribers.clear();
  }

  getStats(): HubStats {
    let dropped = this.departedDropped;
    let sent = this.departedSent;
    for (const s of this.subscribers) {
      dropped += s.droppedTotal;
      sent += s.sent;
    }
    return {
      subscribers: this.subscribers.size,
      seq: this.seq,
      ...this.stats,
      messagesSent: sent,
      droppedToClients: dropped,
      lastClosedTs: this.lastClosed,
      replayMessages: this.history.length - this.historyHead,
      replayRows: this.historyRows,
    };
  }
}

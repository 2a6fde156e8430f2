import { randomBytes } from 'node:crypto';
import { apdexFromLatency } from '@podtrail/contracts/rules';
import { apdexThresholdFor } from '../api-config.js';
import { normalizeRow, normalizeTransition } from './live-record.js';
function podKey(r) {
    return `${r.namespace}\u0001${r.podName}\u0001${r.instanceId}\u0001${r.serviceName}\u0001${r.workload}`;
}
function openRow(r) {
    return { row: r, buckets: new Map(r.latency.map((b) => [b[0], b])) };
}
function addInto(into, r) {
    const row = into.row;
    row.count += r.count;
    row.errors += r.errors;
    row.durationSumMs += r.durationSumMs;
    if (r.durationMaxMs > row.durationMaxMs)
        row.durationMaxMs = r.durationMaxMs;
    for (const [b, c, e] of r.latency) {
        const cur = into.buckets.get(b);
        if (cur) {
            cur[1] += c;
            cur[2] += e;
        }
        else {
            const bucket = [b, c, e];
            into.buckets.set(b, bucket);
            row.latency.push(bucket);
        }
    }
}
export function matches(f, x) {
    if (!f)
        return true;
    if (f.service !== undefined && f.service !== x.serviceName)
        return false;
    if (f.namespace !== undefined && f.namespace !== x.namespace)
        return false;
    if (f.workload !== undefined && f.workload !== x.workload)
        return false;
    if (f.pod !== undefined && f.pod !== x.podName)
        return false;
    return true;
}
/** One client: a bounded queue (drop oldest, then say so with a `dropped` message). */
export class Subscriber {
    filter;
    maxBuffer;
    sink;
    queue = [];
    head = 0;
    dropped = 0;
    droppedTotal = 0;
    /** messages handed to the socket */
    sent = 0;
    closed = false;
    constructor(filter, maxBuffer, sink) {
        this.filter = filter;
        this.maxBuffer = maxBuffer;
        this.sink = sink;
    }
    get queued() {
        return this.queue.length - this.head;
    }
    /** Filters, queues and tries to deliver. */
    offer(msg) {
        if (this.closed)
            return;
        const m = this.filtered(msg);
        if (!m)
            return;
        this.queue.push(m);
        if (this.queued > this.maxBuffer) {
            this.head++;
            this.dropped++;
            this.droppedTotal++;
        }
        this.drain();
    }
    /** Queues a message that bypasses filtering (hello, dropped notices). */
    offerRaw(msg) {
        if (this.closed)
            return;
        this.queue.push(msg);
        this.drain();
    }
    drain() {
        while (!this.closed && this.queued > 0 && this.sink.canSend()) {
            if (this.dropped > 0) {
                const count = this.dropped;
                this.dropped = 0;
                this.sink.send({ type: 'dropped', count });
                this.sent++;
                continue;
            }
            const m = this.queue[this.head];
            this.head++;
            this.sink.send(m);
            this.sent++;
        }
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
            this.queue.splice(0, this.head);
            this.head = 0;
        }
    }
    filtered(msg) {
        if (!this.filter)
            return msg;
        if (msg.type === 'tick') {
            const pods = msg.pods.filter((p) => matches(this.filter, p));
            return pods.length === msg.pods.length ? msg : { ...msg, pods };
        }
        if (msg.type === 'transition')
            return matches(this.filter, msg.event) ? msg : null;
        return msg;
    }
}
export class LiveHub {
    opts;
    hubId = randomBytes(6).toString('hex');
    seq = 0;
    now;
    /** second -> pod key -> merged row (seconds not yet closed) */
    pending = new Map();
    /** rows for already closed seconds, pushed on the next cycle */
    late = new Map();
    lastClosed;
    history = [];
    historyHead = 0;
    subscribers = new Set();
    timer;
    stats = { rowsIn: 0, lateRows: 0, transitionsIn: 0, badRecords: 0, ticks: 0, lateTicks: 0 };
    /** sent / dropped counts of clients that left */
    departedSent = 0;
    departedDropped = 0;
    constructor(opts) {
        this.opts = opts;
        this.now = opts.now ?? Date.now;
        this.lastClosed = this.closableUpTo(this.now());
    }
    /** Last second that may be closed at time `nowMs`. */
    closableUpTo(nowMs) {
        return Math.floor((nowMs - this.opts.graceMs) / 1000) - 1;
    }
    get currentSeq() {
        return this.seq;
    }
    /** Feeds one record from the live topic. Unknown shapes are counted and ignored. */
    publish(record) {
        const rec = record;
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
        if (rec?.kind === 'transition') {
            const event = normalizeTransition(rec.event);
            if (event) {
                this.stats.transitionsIn++;
                this.emit({ type: 'transition', seq: 0, event });
                return;
            }
        }
        this.stats.badRecords++;
    }
    addRow(r) {
        this.stats.rowsIn++;
        const isLate = r.ts <= this.lastClosed;
        if (isLate)
            this.stats.lateRows++;
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
        if (cur)
            addInto(cur, r);
        else
            sec.set(k, openRow(r));
    }
    /** The rows of a closed second as sent: Apdex counts against each service's current T. */
    podRows(sec) {
        if (!sec)
            return [];
        const out = [];
        for (const { row } of sec.values()) {
            const { latency, ...rest } = row;
            out.push({ ...rest, ...apdexFromLatency(latency, apdexThresholdFor(this.opts.apdex, row.serviceName)) });
        }
        return out;
    }
    /** Closes every second that is due at `nowMs` and pushes its tick (call once per second). */
    cycle(nowMs = this.now()) {
        // Late corrections first, oldest second first.
        if (this.late.size) {
            for (const ts of [...this.late.keys()].sort((a, b) => a - b)) {
                const pods = this.podRows(this.late.get(ts));
                this.late.delete(ts);
                this.emit({ type: 'tick', seq: 0, ts, late: true, pods });
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
                        this.emit({ type: 'tick', seq: 0, ts, late: true, pods });
                    }
                }
                start = upTo - 600;
            }
            for (let ts = start; ts <= upTo; ts++) {
                const pods = this.podRows(this.pending.get(ts));
                this.pending.delete(ts);
                this.emit({ type: 'tick', seq: 0, ts, pods });
            }
            this.lastClosed = upTo;
        }
        this.prune(nowMs);
        for (const s of this.subscribers)
            s.drain();
    }
    emit(msg) {
        msg.seq = ++this.seq;
        if (msg.type === 'tick') {
            this.stats.ticks++;
            if (msg.late)
                this.stats.lateTicks++;
        }
        this.history.push({ at: this.now(), msg });
        for (const s of this.subscribers)
            s.offer(msg);
    }
    prune(nowMs) {
        const minAt = nowMs - this.opts.replaySeconds * 1000;
        const max = this.opts.maxHistory ?? 200_000;
        while (this.historyHead < this.history.length &&
            (this.history[this.historyHead].at < minAt || this.history.length - this.historyHead > max))
            this.historyHead++;
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
    subscribe(sink, opts = {}) {
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
            const oldest = this.historyHead < this.history.length ? this.history[this.historyHead].msg.seq : this.seq + 1;
            const since = Math.max(0, opts.since);
            if (since + 1 < oldest)
                sub.offerRaw({ type: 'dropped', count: oldest - since - 1, seq: since });
            for (let i = this.historyHead; i < this.history.length; i++) {
                const m = this.history[i].msg;
                if (m.seq > since)
                    sub.offer(m);
            }
        }
        else if (!sameHub && opts.sinceTs !== undefined) {
            for (let i = this.historyHead; i < this.history.length; i++) {
                const m = this.history[i].msg;
                const ts = m.type === 'tick' ? m.ts : m.type === 'transition' ? Math.floor(Date.parse(m.event.ts) / 1000) : 0;
                if (ts > opts.sinceTs)
                    sub.offer(m);
            }
        }
        this.subscribers.add(sub);
        return sub;
    }
    unsubscribe(sub) {
        sub.closed = true;
        if (this.subscribers.delete(sub)) {
            this.departedSent += sub.sent;
            this.departedDropped += sub.droppedTotal;
        }
    }
    /** Starts the once-per-second cycle, aligned just after each second boundary. */
    start() {
        if (this.timer)
            return;
        const schedule = () => {
            const now = Date.now();
            const delay = 1000 - (now % 1000) + 20;
            this.timer = setTimeout(() => {
                try {
                    this.cycle();
                }
                finally {
                    if (this.timer)
                        schedule();
                }
            }, delay);
            this.timer.unref();
        };
        schedule();
    }
    stop() {
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = undefined;
        for (const s of this.subscribers)
            s.closed = true;
        this.subscribers.clear();
    }
    getStats() {
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
        };
    }
}
//# sourceMappingURL=hub.js.map
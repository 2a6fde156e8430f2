import type { LiveFilter, LiveServerMessage } from '@podtrail/contracts/api';
import type { LiveRecord } from '@podtrail/contracts/wire';
import { type ApiConfig } from '../api-config.js';
/**
 * The live hub: merges the per-second per-pod partial rows that every collector publishes on the
 * live topic (several collectors may each publish a part of the same pod-second when the ingest
 * partitions are split: the hub sums them, latency histograms included), closes each second
 * `graceMs` after it ended, and pushes one `tick` per closed second to every subscriber (filtered
 * per subscriber). Apdex is applied there, at read time: each row's counts come from its latency
 * histogram against the service's threshold in force when the second closes, so the live board
 * and the REST API agree after a threshold change. Rows that arrive after their second was closed
 * are pushed in a later `tick` with `late: true` (rows are additive), so the sum over all ticks
 * always equals what was published. Transitions are pushed at once. Everything pushed is kept
 * `replaySeconds` for `since` replay. No ClickHouse access.
 */
export interface LiveHubOptions {
    graceMs: number;
    bufferSize: number;
    replaySeconds: number;
    /** Apdex thresholds, read each time a second closes */
    apdex: Pick<ApiConfig, 'apdexThresholdMs' | 'apdexThresholdMsByService'>;
    /** clock (tests) */
    now?: () => number;
    /** cap on retained messages, whatever their age */
    maxHistory?: number;
}
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
type Seqd = Extract<LiveServerMessage, {
    seq: number;
}> & {
    seq: number;
};
export interface HubStats {
    /** clients connected now */
    subscribers: number;
    seq: number;
    /** pod-second rows received from the live topic */
    rowsIn: number;
    /** rows that arrived after their second was closed (sent in a later `late` tick) */
    lateRows: number;
    transitionsIn: number;
    badRecords: number;
    /** ticks the hub emitted (one per second, plus late corrections) */
    ticks: number;
    /** of which late corrections */
    lateTicks: number;
    /** messages written to client sockets, all clients since start (departed ones included) */
    messagesSent: number;
    /** messages dropped from full client buffers, all clients since start (departed ones included) */
    droppedToClients: number;
    lastClosedTs: number;
}
export declare function matches(f: LiveFilter | undefined, x: {
    serviceName: string;
    namespace: string;
    workload: string;
    podName: string;
}): boolean;
export interface SubscriberSink {
    /** false when the transport is congested: messages stay queued */
    canSend(): boolean;
    send(msg: LiveServerMessage): void;
}
/** One client: a bounded queue (drop oldest, then say so with a `dropped` message). */
export declare class Subscriber {
    readonly filter: LiveFilter | undefined;
    private readonly maxBuffer;
    private readonly sink;
    private readonly queue;
    private head;
    dropped: number;
    droppedTotal: number;
    /** messages handed to the socket */
    sent: number;
    closed: boolean;
    constructor(filter: LiveFilter | undefined, maxBuffer: number, sink: SubscriberSink);
    get queued(): number;
    /** Filters, queues and tries to deliver. */
    offer(msg: Seqd): void;
    /** Queues a message that bypasses filtering (hello, dropped notices). */
    offerRaw(msg: LiveServerMessage): void;
    drain(): void;
    private filtered;
}
export declare class LiveHub {
    readonly opts: LiveHubOptions;
    readonly hubId: string;
    private seq;
    private readonly now;
    /** second -> pod key -> merged row (seconds not yet closed) */
    private readonly pending;
    /** rows for already closed seconds, pushed on the next cycle */
    private readonly late;
    private lastClosed;
    private readonly history;
    private historyHead;
    private readonly subscribers;
    private timer;
    private readonly stats;
    /** sent / dropped counts of clients that left */
    private departedSent;
    private departedDropped;
    constructor(opts: LiveHubOptions);
    /** Last second that may be closed at time `nowMs`. */
    private closableUpTo;
    get currentSeq(): number;
    /** Feeds one record from the live topic. Unknown shapes are counted and ignored. */
    publish(record: LiveRecord | unknown): void;
    private addRow;
    /** The rows of a closed second as sent: Apdex counts against each service's current T. */
    private podRows;
    /** Closes every second that is due at `nowMs` and pushes its tick (call once per second). */
    cycle(nowMs?: number): void;
    private emit;
    private prune;
    /**
     * Adds a subscriber. `since` = last seq the client saw (same hub): everything after it that is
     * still retained is replayed first; if some of it is gone, a `dropped` message says how much.
     * With `hubId` of another hub (collector restarted or a different replica), `sinceTs` (epoch s of
     * the last tick the client saw) replays the retained ticks after that second instead.
     */
    subscribe(sink: SubscriberSink, opts?: LiveSubscription): Subscriber;
    unsubscribe(sub: Subscriber): void;
    /** Starts the once-per-second cycle, aligned just after each second boundary. */
    start(): void;
    stop(): void;
    getStats(): HubStats;
}
export {};
//# sourceMappingURL=hub.d.ts.map
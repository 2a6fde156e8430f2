import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyBaseLogger } from 'fastify';
import type { CollectorMetrics } from '../collector-metrics.js';
import type { LifecycleSink } from '../ingest/ingest-types.js';
import type { LifecycleEvent } from '../ingest/logs.js';
import type { InstanceSighting } from '../ingest/spans.js';
import type { LivePublisher } from '../kafka/live-publisher.js';
import type { TableWriter } from '../store/writer.js';
import { type EventTimeBounds } from './event-time-guard.js';
/**
 * Pod lifecycle tracker.
 *
 * Input: lifecycle events in partition order (agent started / heartbeat / stopped / crashed),
 * and "last seen" from spans. Output: `instances` and `pods` rows (ReplacingMergeTree, newest
 * Version wins), `pod_transitions` rows (history: restart counts over any range are a count of
 * `restarted` rows) and a LiveRecord per transition for the dashboard.
 *
 * Composes the state machine (lifecycle-machine.ts: what an event does to a pod), the lifecycle
 * partitions this collector owns (partition-ownership.ts), the store (lifecycle-store.ts: reads,
 * versioned writes) and the live publisher.
 *
 * Ownership with several collectors: the lifecycle topic is keyed by pod uid, so one collector
 * owns each pod; on assignment it loads its running instances from ClickHouse, on revocation it
 * forgets them. Re-delivered events are re-applied idempotently.
 */
export interface TrackerOptions {
    tables: TableWriter;
    reader: ClickHouseClient;
    database: string;
    /** where stored transitions are published (null: nowhere, e.g. without Kafka) */
    live: LivePublisher | null;
    metrics: CollectorMetrics;
    log: FastifyBaseLogger;
    vanishHeartbeats: number;
    defaultHeartbeatIntervalMs: number;
    /** instances seen only through spans end after this long without data */
    idleEndMs?: number;
    /** how often LastSeen is re-written while nothing else changes */
    seenWriteMs?: number;
    /** bound of the span-only instances waiting for registration */
    maxPendingSpanPods?: number;
    /** how far span times may stray from the local clock (see event-time-guard.ts) */
    eventTimeBounds?: EventTimeBounds;
    /** pods looked up in one ClickHouse query */
    lookupBatch?: number;
    now?: () => number;
    tickMs?: number;
}
export declare class PodLifecycleTracker implements LifecycleSink {
    private readonly o;
    private readonly partitions;
    private readonly machine;
    private readonly store;
    /** pods confirmed absent from the store (no need to query again) */
    private readonly knownAbsent;
    private timer;
    private flushing;
    /** serialises state changes (events, ticks, ownership changes): see exclusive() */
    private lock;
    private readonly now;
    private readonly bounds;
    /** span-only sightings refused at the pending bound, as last reported */
    private droppedReported;
    constructor(o: TrackerOptions);
    /**
     * Runs `fn` alone: events, ticks and ownership changes await ClickHouse reads in the middle of
     * a state change (loading a pod seen for the first time), and two of them interleaving there
     * would act on half-made state (an instance registered whose pod is not yet). Writes are not
     * under the lock: flush() takes a snapshot of what is dirty before awaiting the insert.
     */
    private exclusive;
    start(): void;
    stop(): Promise<void>;
    setCaughtUp(partition: number, caughtUp: boolean): void;
    /**
     * New lifecycle partition assignment: writes what is pending, forgets the pods no longer owned,
     * loads the running ones now owned. If the write fails it is reported and what is pending stays
     * queued for the next flush, as before this split: transitions all, `instances` / `pods` rows
     * only of pods still owned (forgotten entries are not written; their new owner re-applies the
     * uncommitted events and detects silence itself).
     */
    onAssignment(partitions: number[], numPartitions: number): Promise<void>;
    private assign;
    private loadRunning;
    /**
     * Before the machine acts on instances it does not know: their pods and recent instances from
     * the store, the first time each pod is heard of (remembered when the store has none). Many pods
     * at once (a backlog, a fan-out, a rollout) cost one query per `lookupBatch` pods, not one each.
     */
    private loadPodsOf;
    apply(events: LifecycleEvent[]): Promise<void>;
    /**
     * Pods seen in stored spans, by the spans' own times, each clamped to the clock guard's bounds
     * (counted in `podtrail_lifecycle_times_clamped_total`).
     */
    observe(sightings: Iterable<InstanceSighting>): void;
    /** One periodic pass, then a flush. Failures are logged (a failed flush also counted). */
    tick(): Promise<void>;
    private checkInstances;
    /** Sightings refused at the pending bound since the last tick: counted in /metrics and logged. */
    private reportDropped;
    /** Writes pending transitions and changed rows; on failure they stay pending (retried). */
    flush(): Promise<void>;
    /**
     * A flush whose failure is not the caller's to handle: logged, counted in
     * `podtrail_ingest_errors_total{kind="lifecycle-flush"}`; what was pending stays queued and the
     * next flush (the next tick or batch) writes it. Returns whether the flush succeeded.
     */
    private flushOrReport;
    /**
     * Takes what is pending *before* awaiting the insert (events applied meanwhile queue new rows
     * that the next flush writes: clearing the dirty marks after the insert would lose them, e.g.
     * a crash applied while the start of the same pod was being written), and puts it back if the
     * insert fails. Each row gets its version when it is built, from the state at that moment, and
     * flushes run one at a time, so a later state always carries a higher version.
     */
    private writePending;
    /** Writes the dirty rows of a table (same take-then-restore rule as above). */
    private writeDirty;
    /** Snapshot for tests and /metrics-style introspection. */
    snapshot(): {
        pods: number;
        instances: number;
        running: number;
    };
}
//# sourceMappingURL=pod-lifecycle-tracker.d.ts.map
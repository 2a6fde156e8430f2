import { type ClickHouseClient } from '@clickhouse/client';
import type { FastifyBaseLogger } from 'fastify';
import type { CollectorMetrics } from '../collector-metrics.js';
import { type TableWriter } from '../store/writer.js';
import { type InstanceRow, type PodRow } from './lifecycle-rows.js';
import type { TrackedInstance, TrackedPod } from './tracked.js';
import type { TransitionRow } from './transition-record.js';
export interface LifecycleStoreOptions {
    tables: TableWriter;
    reader: ClickHouseClient;
    database: string;
    metrics: CollectorMetrics;
    log: FastifyBaseLogger;
    /** the clock of row versions */
    now: () => number;
}
/**
 * The tracker's reads and writes of `instances`, `pods` and `pod_transitions` (queries in
 * `store/sql/lifecycle_*.sql`). Every version read raises the version clock, so the rows written
 * next supersede them (see VersionClock); each written row gets its version when it is built.
 */
export declare class LifecycleStore {
    private readonly o;
    private readonly versions;
    constructor(o: LifecycleStoreOptions);
    /** Running instances of every pod (the caller keeps those of the partitions it owns). */
    runningInstances(): Promise<InstanceRow[]>;
    runningPods(): Promise<PodRow[]>;
    /** The newest pod of each (namespace, pod name) that the store has (one query). */
    pods(keys: readonly (readonly [string, string])[]): Promise<PodRow[]>;
    /** The most recent instances of each (namespace, pod name) (one query). */
    podsInstances(keys: readonly (readonly [string, string])[]): Promise<InstanceRow[]>;
    private read;
    /** Returns the transitions stored (a row refused as data is dropped; see insertRows). */
    insertTransitions(rows: TransitionRow[]): Promise<TransitionRow[]>;
    insertInstances(entries: readonly TrackedInstance[]): Promise<void>;
    insertPods(entries: readonly TrackedPod[]): Promise<void>;
    /**
     * Inserts rows; when ClickHouse refuses the block as data (a parse error, a value out of
     * range), inserts them one by one and drops only the rows it refuses (logged and counted), so
     * a bad row never blocks a lifecycle partition nor takes the other rows with it. Returns the
     * rows stored. Any other error (ClickHouse down) is thrown: the caller keeps the rows pending.
     */
    private insertRows;
}
//# sourceMappingURL=lifecycle-store.d.ts.map
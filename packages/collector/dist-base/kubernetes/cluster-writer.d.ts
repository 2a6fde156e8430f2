import type { TableWriter } from '../store/writer.js';
import type { ClusterRows, ClusterSink, ClusterTable } from './cluster-rows.js';
export interface ClusterWriterOptions {
    tables: TableWriter;
    /** rows waiting at most (a ClickHouse outage): past it the oldest are dropped and counted */
    maxPending?: number;
    onError?: (err: unknown, table: string) => void;
}
/**
 * The watcher's batching writer: rows wait per table and go in one JSONEachRow insert per table
 * and flush; a failed insert keeps its rows and is retried with the project's backoff.
 */
export declare class ClusterWriter implements ClusterSink {
    private readonly o;
    private pending;
    private readonly backoff;
    private retryAt;
    private flushing;
    /** bumped by clear(): rows of an older generation are not put back after a failed insert */
    private generation;
    readonly written: Record<ClusterTable, number>;
    dropped: number;
    private readonly maxPending;
    constructor(o: ClusterWriterOptions);
    put<T extends ClusterTable>(table: T, row: ClusterRows[T]): void;
    get pendingRows(): number;
    /** Forgets what is pending (leadership lost: the next leader re-lists and writes). */
    clear(): void;
    /** Inserts what is pending; on failure the rows stay and the next flush waits for the backoff. */
    flush(): Promise<void>;
    private doFlush;
    /** Rows not written go back before what arrived since. */
    private putBack;
}
//# sourceMappingURL=cluster-writer.d.ts.map
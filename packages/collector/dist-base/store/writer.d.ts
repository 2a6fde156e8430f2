import type { ClickHouseClient } from '@clickhouse/client';
/**
 * Where encoded rows go. One implementation per backend:
 * - embedded chDB: the connection's zero-copy raw insert (the payload buffer goes to the engine
 *   as is; unlike an insert sent as SQL text it does not hold up queries on other sessions);
 * - ClickHouse server: `@clickhouse/client` insert with the same buffer as the HTTP body.
 */
export interface RawInsertTarget {
    insertTsv(table: string, columns: readonly string[], body: Buffer, settings: Record<string, string | number>): Promise<void>;
    /** small inserts of JSON rows (lifecycle state) */
    insertJson(table: string, body: Buffer, settings: Record<string, string | number>): Promise<void>;
}
/** The `.chdb` escape hatch of a chdb/connection ChdbConnection (only what we use). */
export interface ChdbRawInserter {
    rawInsert(params: {
        table: string;
        values: Buffer;
        format: 'TabSeparated' | 'JSONEachRow';
        columns?: readonly string[];
        settings?: Record<string, string | number | boolean>;
    }): Promise<unknown>;
}
export declare function chdbTarget(chdb: ChdbRawInserter): RawInsertTarget;
export declare function serverTarget(client: ClickHouseClient): RawInsertTarget;
/**
 * Test hook, called before each insert into `table`: return an error to make it fail (simulates
 * ClickHouse down), `{ delayMs }` to hold it that long first (simulates a slow ClickHouse), or
 * nothing.
 */
export type FaultInjector = (table: string) => Error | {
    delayMs: number;
} | undefined;
export interface InsertStats {
    rows: number;
    bytes: number;
    ms: number;
}
/**
 * Inserts encoded TSV batches into `<database>.<table>`. A deduplication token makes a re-sent
 * batch a no-op (tables carry `non_replicated_deduplication_window`; materialized views
 * deduplicate with it too).
 */
export declare class TableWriter {
    private readonly target;
    readonly database: string;
    private fault;
    constructor(target: RawInsertTarget, database: string);
    setFaultInjector(fn: FaultInjector | null): void;
    private injected;
    insert(table: string, columns: readonly string[], body: Buffer, rows: number, token?: string): Promise<InsertStats>;
    /** Inserts JSON rows (JSONEachRow); for small, infrequent writes such as lifecycle state. */
    insertJson(table: string, rows: readonly object[], token?: string): Promise<void>;
}
export declare function isDataError(err: unknown): boolean;
//# sourceMappingURL=writer.d.ts.map
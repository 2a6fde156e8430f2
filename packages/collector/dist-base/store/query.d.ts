import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
/**
 * `app.ch` (decorated by `plugins/clickhouse.ts`): the two ClickHouse clients and the database
 * name. Defined here, next to the queries that use it, so the store does not depend on the plugin.
 */
export interface ChHandle {
    /** inserts, DDL, lifecycle state writes */
    writer: ClickHouseClient;
    /** queries (API); a separate chDB session, so reads run while the writer works */
    reader: ClickHouseClient;
    database: string;
    /** 'chdb' (embedded) or 'server' (CLICKHOUSE_URL) */
    backend: 'chdb' | 'server';
}
/** Server-side query parameters (`{name:Type}` in the statement). */
export type Params = Record<string, unknown>;
/** Whether the app has a store (a query-only app for the live stream may run without one). */
export declare function hasCh(app: FastifyInstance): boolean;
/** The store, or `APM_ERR_API_STORE_UNAVAILABLE` (503) when the app has none. */
export declare function getCh(app: FastifyInstance): ChHandle;
/** Runs a read query with server-side parameters and returns JSON rows. */
export declare function select<T>(ch: ChHandle, query: string, params?: Params): Promise<T[]>;
//# sourceMappingURL=query.d.ts.map
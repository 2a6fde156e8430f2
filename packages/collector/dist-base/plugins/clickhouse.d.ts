import type { FastifyPluginAsync } from 'fastify';
import type { CollectorConfig } from '../config.js';
import type { ChHandle } from '../store/query.js';
import { TableWriter } from '../store/writer.js';
export type { ChHandle };
declare module 'fastify' {
    interface FastifyInstance {
        ch: ChHandle;
        /** encoded-row inserts with deduplication tokens (ingest side) */
        tables: TableWriter;
    }
}
export interface ClickHousePluginOptions {
    config: CollectorConfig;
}
export interface OpenedStore {
    ch: ChHandle;
    tables: TableWriter;
    close(): Promise<void>;
}
/**
 * Opens the store. Embedded chDB: two `chdb/connection` connections on the same data path
 * (the engine is one per process; each connection is its own session, and two sessions run
 * queries in parallel). The writer session does inserts through the zero-copy raw insert, which
 * does not block queries on the reader session. Server: two HTTP clients with the same settings.
 */
export declare function openStore(config: CollectorConfig): OpenedStore;
/** Decorates the root instance (`app.ch`, `app.tables`); other plugins name it as a dependency. */
declare const _default: FastifyPluginAsync<ClickHousePluginOptions>;
export default _default;
//# sourceMappingURL=clickhouse.d.ts.map
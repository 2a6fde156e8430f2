import { type FastifyInstance, type RouteOptions } from 'fastify';
import { type ApiConfig } from '../api-config.js';
import { type LivePluginOptions } from '../live/index.js';
import type { ChHandle } from '../store/query.js';
import type { ClickHouseTarget } from './clickhouse-target.js';
/**
 * A query-only app on an embedded chDB path or a ClickHouse server (`openTarget`), for the API's
 * integration tests and the query benchmark (the real collector app is built by app.ts). Not used
 * in production.
 */
export interface QueryHarness {
    app: FastifyInstance;
    ch: ChHandle;
    close(): Promise<void>;
}
export declare function openChdb(path: string, database?: string): Promise<ChHandle & {
    backend: 'chdb';
}>;
/** The migrated store of a test target (chDB dir, or the server database of CLICKHOUSE_URL). */
export declare function openTarget(target: ClickHouseTarget): Promise<ChHandle & {
    backend: 'chdb' | 'server';
}>;
export declare function buildQueryApp(opts: {
    /** without it only static tokens work and query routes answer 503 (live-only tests) */
    ch?: ChHandle;
    config?: Partial<ApiConfig>;
    live?: Omit<LivePluginOptions, 'config'> | false;
    dataDir?: string;
    /** called with every route as it is registered (security tests iterate them) */
    onRoute?: (route: RouteOptions) => void;
    logger?: boolean;
}): Promise<FastifyInstance>;
/** A span to seed (tests, bench). Ids are hex; times are epoch nanoseconds. */
export interface SeedSpan {
    startNs: bigint;
    durationNs: number;
    traceId: string;
    spanId: string;
    parentSpanId?: string;
    name: string;
    kind?: 'Internal' | 'Server' | 'Client' | 'Producer' | 'Consumer';
    isTransaction: boolean;
    service: string;
    namespace: string;
    workload: string;
    pod: string;
    podUid?: string;
    instance: string;
    node?: string;
    status?: 'Unset' | 'Ok' | 'Error';
    statusMessage?: string;
    method?: string;
    route?: string;
    httpStatus?: number;
    attributes?: Record<string, string>;
    /** spans.ResourceAttributes: only the non-instance keys, as ingest stores them */
    resource?: Record<string, string>;
}
/**
 * Inserts spans the way ingest stores them (through the spans table, so the tx_1s and
 * trace_index materialized views fire), via a Memory staging table for the binary ids.
 */
export declare function insertSpans(ch: ChHandle, spans: SeedSpan[]): Promise<void>;
//# sourceMappingURL=query-harness.d.ts.map
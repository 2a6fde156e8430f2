import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type LogRecord, LogsQuery, LogsResponse } from '@podtrail/contracts/api';
import { type ChHandle } from '../store/query.js';
/** Most log records one trace answers. */
export declare const MAX_TRACE_LOGS = 10000;
/** A log record as `parts/log_record_columns.sql` selects it. */
export interface LogRow {
    tsNs: string;
    k: string;
    sevNum: number;
    sevText: string;
    body: string;
    s: string;
    ns: string;
    w: string;
    p: string;
    inst: string;
    traceId: string;
    spanId: string;
    attrs: Record<string, string>;
}
export declare function toLogRecord(r: LogRow): LogRecord;
/**
 * A paging position: the (Timestamp ns, lineKey) of the last record answered and how many records
 * at exactly that position were answered so far (records with equal content share a key).
 */
export interface LogCursor {
    tsNs: string;
    key: string;
    skip: number;
}
export declare function encodeCursor(c: LogCursor): string;
/** The cursor a client sent back; anything not made by encodeCursor is a 400 naming `cursor`. */
export declare function decodeCursor(raw: string): LogCursor;
/** The cursor after a page: its last record's position, counting the records answered there. */
export declare function nextCursorOf(page: readonly Pick<LogRow, 'tsNs' | 'k'>[], prev: LogCursor | undefined): LogCursor;
/** Log records by pod, instance, time, minimum severity and text, newest first, paged. */
export declare function searchLogs(ch: ChHandle, q: LogsQuery, nowMs?: number): Promise<LogsResponse>;
/** Every log record of one trace, oldest first (at most MAX_TRACE_LOGS). */
export declare function traceLogs(ch: ChHandle, traceId: string): Promise<LogsResponse>;
declare const logRoutes: FastifyPluginAsyncTypebox;
export default logRoutes;
//# sourceMappingURL=logs.d.ts.map
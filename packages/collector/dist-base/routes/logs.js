import { LogsQuery, LogsResponse, severityLevelOf, severityNumberOf, TraceLogsParams, } from '@podtrail/contracts/api';
import { ApiError } from '../errors.js';
import { getCh, select } from '../store/query.js';
import { sql } from '../store/sql.js';
import { iso, num, resolveRange, Where } from './query-util.js';
import { errorResponses } from './schemas.js';
/** Default window of a logs query without `from`. */
const DEFAULT_LOGS_WINDOW_MS = 24 * 3_600_000;
/** Most log records one trace answers. */
export const MAX_TRACE_LOGS = 10_000;
const ZERO_ID = /^0*$/;
export function toLogRecord(r) {
    const sevNum = num(r.sevNum);
    const rec = {
        ts: iso(Number(BigInt(r.tsNs) / 1000000n)),
        severity: r.sevText || (severityLevelOf(sevNum)?.toUpperCase() ?? ''),
        severityNumber: sevNum,
        body: r.body,
        serviceName: r.s,
        namespace: r.ns,
        workload: r.w,
        podName: r.p,
        instanceId: r.inst,
        attributes: r.attrs,
    };
    if (!ZERO_ID.test(r.traceId))
        rec.traceId = r.traceId;
    if (!ZERO_ID.test(r.spanId))
        rec.spanId = r.spanId;
    return rec;
}
const CURSOR_RE = /^(\d{1,20})\.(\d{1,20})\.(\d{1,7})$/;
const MAX_U64 = (1n << 64n) - 1n;
const MAX_I64 = (1n << 63n) - 1n;
export function encodeCursor(c) {
    return Buffer.from(`${c.tsNs}.${c.key}.${c.skip}`, 'latin1').toString('base64url');
}
/** The cursor a client sent back; anything not made by encodeCursor is a 400 naming `cursor`. */
export function decodeCursor(raw) {
    const m = CURSOR_RE.exec(Buffer.from(raw, 'base64url').toString('latin1'));
    if (!m || BigInt(m[1]) > MAX_I64 || BigInt(m[2]) > MAX_U64 || encodeCursor(toCursor(m)) !== raw)
        throw new ApiError('API_VALIDATION', 'cursor is malformed (pass nextCursor of the previous page)', 'cursor');
    return toCursor(m);
}
function toCursor(m) {
    return { tsNs: m[1], key: m[2], skip: Number(m[3]) };
}
/** The cursor after a page: its last record's position, counting the records answered there. */
export function nextCursorOf(page, prev) {
    const last = page[page.length - 1];
    let same = 0;
    for (let i = page.length - 1; i >= 0 && page[i].tsNs === last.tsNs && page[i].k === last.k; i--)
        same++;
    const carried = prev && prev.tsNs === last.tsNs && prev.key === last.k && same === page.length ? prev.skip : 0;
    return { tsNs: last.tsNs, key: last.k, skip: carried + same };
}
/** Log records by pod, instance, time, minimum severity and text, newest first, paged. */
export async function searchLogs(ch, q, nowMs = Date.now()) {
    const r = resolveRange(q, nowMs, { defaultMs: DEFAULT_LOGS_WINDOW_MS });
    const cursor = q.cursor !== undefined ? decodeCursor(q.cursor) : undefined;
    const w = new Where().podScope(q).eq('InstanceId', q.instance);
    if (q.severity !== undefined)
        w.bind('SeverityNumber >= $', 'UInt8', severityNumberOf(q.severity));
    // literal, case-insensitive; the form the ngram skip index on lowerUTF8(Body) serves (migration 0005)
    if (q.q !== undefined)
        w.bind('multiSearchAny(lowerUTF8(Body), [lowerUTF8($)])', 'String', q.q);
    if (cursor) {
        w.bind('Timestamp <= fromUnixTimestamp64Nano($)', 'Int64', cursor.tsNs);
        w.bindAll('(Timestamp, lineKey) <= (fromUnixTimestamp64Nano($), $)', ['Int64', cursor.tsNs], ['UInt64', cursor.key]);
    }
    const limit = q.limit ?? 100;
    const rows = await select(ch, w.render(sql('logs_search', ch.database)), {
        ...w.params,
        fromMs: r.fromMs,
        toMs: r.toMs,
        limit: limit + 1,
        skip: cursor?.skip ?? 0,
    });
    const page = rows.slice(0, limit);
    const more = rows.length > limit;
    return {
        logs: page.map(toLogRecord),
        nextCursor: more ? encodeCursor(nextCursorOf(page, cursor)) : null,
    };
}
/** Every log record of one trace, oldest first (at most MAX_TRACE_LOGS). */
export async function traceLogs(ch, traceId) {
    const rows = await select(ch, sql('logs_by_trace', ch.database), {
        id: traceId.toLowerCase(),
        max: MAX_TRACE_LOGS,
    });
    return { logs: rows.map(toLogRecord), nextCursor: null };
}
const logRoutes = async (app) => {
    app.get('/logs', {
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: {
            summary: 'Log records by pod, instance, time, minimum severity and text; newest first, paged',
            tags: ['logs'],
            querystring: LogsQuery,
            response: { 200: LogsResponse, ...errorResponses },
        },
    }, async (req) => searchLogs(getCh(app), req.query));
    app.get('/traces/:traceId/logs', {
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: {
            summary: 'The log records of one trace, oldest first',
            tags: ['logs', 'traces'],
            params: TraceLogsParams,
            response: { 200: LogsResponse, ...errorResponses },
        },
    }, async (req) => traceLogs(getCh(app), req.params.traceId));
};
export default logRoutes;
//# sourceMappingURL=logs.js.map
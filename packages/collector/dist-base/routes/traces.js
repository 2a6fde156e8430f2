import { SpansQuery, SpansResponse, TraceParams, TraceResponse } from '@podtrail/contracts/api';
import { FAILED_TRANSACTION_SQL } from '@podtrail/contracts/rules';
import { ApiError } from '../errors.js';
import { getCh, select } from '../store/query.js';
import { sql } from '../store/sql.js';
import { iso, num, resolveRange, Where } from './query-util.js';
import { errorResponses } from './schemas.js';
import { toSpan } from './tx-common.js';
const MAX_TRACE_SPANS = 10_000;
/**
 * Full resource attributes of the spans. Since migration 0003 `spans.ResourceAttributes` keeps
 * only the attributes that are not per-instance constants (`deployment.environment`, `cloud.*`,
 * custom keys); the process's whole resource (`k8s.*`, `host.*`, `service.*` ...) is stored once
 * in `instances.ResourceAttributes`. Answer the instance's resource overlaid by the span's own
 * attributes (the span's value wins for a key present in both). One primary-key read of the
 * instances the spans belong to.
 */
async function withInstanceResources(ch, rows) {
    const key = (ns, w, p, inst) => `${ns}\0${w}\0${p}\0${inst}`;
    const ns = new Set();
    const pods = new Set();
    const ids = new Set();
    for (const r of rows) {
        if (!r.inst)
            continue;
        ns.add(r.ns);
        pods.add(r.p);
        ids.add(r.inst);
    }
    if (ids.size === 0)
        return rows;
    const found = await select(ch, sql('span_instance_resources', ch.database), { ns: [...ns], pods: [...pods], ids: [...ids] });
    if (found.length === 0)
        return rows;
    const byKey = new Map(found.map((f) => [key(f.ns, f.w, f.p, f.inst), f.res]));
    return rows.map((r) => {
        const base = byKey.get(key(r.ns, r.w, r.p, r.inst));
        return base && Object.keys(base).length > 0 ? { ...r, res: { ...base, ...r.res } } : r;
    });
}
/** A trace by id: trace_index gives its time range, then spans are read inside that range only. */
export async function traceById(ch, traceId) {
    const id = traceId.toLowerCase();
    const range = await select(ch, sql('trace_range', ch.database), {
        id,
    });
    const r = range[0];
    if (!r || num(r.n) === 0)
        throw new ApiError('API_NOT_FOUND', 'no such trace', 'traceId');
    const rows = await select(ch, sql('trace_spans', ch.database), {
        id,
        lo: num(r.lo) - 1,
        hi: num(r.hi) + 1,
        max: MAX_TRACE_SPANS,
    });
    if (rows.length === 0)
        throw new ApiError('API_NOT_FOUND', 'no such trace', 'traceId');
    const spans = (await withInstanceResources(ch, rows)).map(toSpan);
    let startNs = BigInt(rows[0].startNs);
    let endNs = 0n;
    for (const s of rows) {
        const st = BigInt(s.startNs);
        if (st < startNs)
            startNs = st;
        const en = st + BigInt(s.durNs);
        if (en > endNs)
            endNs = en;
    }
    return {
        traceId: id,
        startTime: iso(Number(startNs / 1000000n)),
        durationMs: Number(endNs - startNs) / 1e6,
        spans,
    };
}
/** Span search by service/pod/name/attribute within a window (start time), newest first. */
export async function searchSpans(ch, q, nowMs = Date.now()) {
    const r = resolveRange(q, nowMs, { maxMs: 7 * 86_400_000 });
    const w = new Where().podScope(q);
    if (q.name !== undefined)
        w.bind('positionCaseInsensitiveUTF8(SpanName, $) > 0', 'String', q.name);
    if (q.attrKey !== undefined && q.attrValue !== undefined) {
        w.bindAll('SpanAttributes[$] = $', ['String', q.attrKey], ['String', q.attrValue]);
    }
    else if (q.attrKey !== undefined) {
        w.bind('mapContains(SpanAttributes, $)', 'String', q.attrKey);
    }
    else if (q.attrValue !== undefined) {
        w.bind('has(mapValues(SpanAttributes), $)', 'String', q.attrValue);
    }
    if (q.traceId !== undefined)
        w.bind('TraceId = unhex($)', 'String', q.traceId.toLowerCase());
    if (q.minMs !== undefined)
        w.bind('DurationNs >= $', 'UInt64', Math.ceil(q.minMs * 1e6));
    if (q.errorsOnly)
        w.raw(FAILED_TRANSACTION_SQL);
    if (q.transactionsOnly)
        w.raw('IsTransaction');
    const rows = await select(ch, w.render(sql('spans_search', ch.database)), {
        ...w.params,
        fromMs: r.fromMs,
        toMs: r.toMs,
        limit: q.limit ?? 100,
    });
    return { rows: (await withInstanceResources(ch, rows)).map(toSpan) };
}
const traceRoutes = async (app) => {
    app.get('/traces/:traceId', {
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: {
            summary: 'A trace with all its spans (waterfall)',
            tags: ['traces'],
            params: TraceParams,
            response: { 200: TraceResponse, ...errorResponses },
        },
    }, async (req) => traceById(getCh(app), req.params.traceId));
    app.get('/spans', {
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: {
            summary: 'Span search by service, pod, name, attribute, duration',
            tags: ['traces'],
            querystring: SpansQuery,
            response: { 200: SpansResponse, ...errorResponses },
        },
    }, async (req) => searchSpans(getCh(app), req.query));
};
export default traceRoutes;
//# sourceMappingURL=traces.js.map
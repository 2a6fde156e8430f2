import { CompareQuery, CompareResponse } from '@podtrail/contracts/api';
import { bucketLowerMs } from '@podtrail/contracts/rules';
import { getCh, select } from '../store/query.js';
import { sql } from '../store/sql.js';
import { Histogram } from './histogram.js';
import { iso, num, resolveRange, secondsOf, Where } from './query-util.js';
import { errorResponses } from './schemas.js';
import { txFilters } from './velocity.js';
async function windowHistogram(ch, r, q) {
    const { fromSec, toSec } = secondsOf(r);
    const w = txFilters(new Where(), q);
    const rows = await select(ch, w.render(sql('compare_histogram', ch.database)), { ...w.params, fromSec, toSec });
    const h = new Histogram();
    for (const row of rows) {
        h.add(row.b, num(row.c), num(row.e));
        h.addStats(num(row.d), num(row.mn), num(row.mx));
    }
    return h;
}
function summarize(h, r, buckets) {
    const { fromSec, toSec } = secondsOf(r);
    return {
        from: iso(fromSec * 1000),
        to: iso(toSec * 1000),
        transactions: h.total,
        errors: h.errorTotal,
        tps: h.total / (toSec - fromSec),
        avgMs: h.avgMs(),
        minMs: h.minMs(),
        maxMs: h.maxMs(),
        p50Ms: h.quantileMs(0.5),
        p95Ms: h.quantileMs(0.95),
        p99Ms: h.quantileMs(0.99),
        errorRate: h.total ? h.errorTotal / h.total : null,
        distribution: buckets.map((b) => ({ leMs: bucketLowerMs(b + 1), count: h.counts.get(b) ?? 0 })),
    };
}
function ratio(a, b) {
    if (a === null || b === null || a === 0)
        return null;
    return b / a;
}
/** Two windows side by side (the load-test table of the brief): b relative to a. */
export async function compare(ch, q, nowMs = Date.now()) {
    const ra = resolveRange({ from: q.aFrom, to: q.aTo }, nowMs, { fromField: 'aFrom', toField: 'aTo' });
    const rb = resolveRange({ from: q.bFrom, to: q.bTo }, nowMs, { fromField: 'bFrom', toField: 'bTo' });
    const ha = await windowHistogram(ch, ra, q);
    const hb = await windowHistogram(ch, rb, q);
    const all = new Set([...ha.counts.keys(), ...hb.counts.keys()]);
    let buckets = [];
    if (all.size) {
        const lo = Math.min(...all);
        const hi = Math.max(...all);
        for (let b = lo; b <= hi; b++)
            buckets.push(b);
    }
    if (buckets.length > 256)
        buckets = buckets.slice(0, 256);
    const a = summarize(ha, ra, buckets);
    const b = summarize(hb, rb, buckets);
    return {
        a,
        b,
        ratio: {
            transactions: ratio(a.transactions, b.transactions),
            tps: ratio(a.tps, b.tps),
            avgMs: ratio(a.avgMs, b.avgMs),
            minMs: ratio(a.minMs, b.minMs),
            maxMs: ratio(a.maxMs, b.maxMs),
            p95Ms: ratio(a.p95Ms, b.p95Ms),
            errorRate: ratio(a.errorRate, b.errorRate),
        },
    };
}
const compareRoutes = async (app) => {
    app.get('/compare', {
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: {
            summary: 'Compare two time windows: transactions, TPS, latency statistics, error rate, distribution',
            tags: ['query'],
            querystring: CompareQuery,
            response: { 200: CompareResponse, ...errorResponses },
        },
    }, async (req) => compare(getCh(app), req.query));
};
export default compareRoutes;
//# sourceMappingURL=compare.js.map
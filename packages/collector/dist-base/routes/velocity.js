import { VelocityQuery, VelocityResponse } from '@podtrail/contracts/api';
import { apdexClass, apdexFromLatency, apdexScore } from '@podtrail/contracts/rules';
import { apdexThresholdFor } from '../api-config.js';
import { getCh, select } from '../store/query.js';
import { sql } from '../store/sql.js';
import { Histogram } from './histogram.js';
import { iso, isoOrNull, num, resolveRange, secondsOf, Where } from './query-util.js';
import { errorResponses } from './schemas.js';
/** Windows up to this long get exact Apdex from raw spans; longer ones an estimate from tx_1s. */
export const APDEX_RAW_MAX_MS = 6 * 3_600_000;
/** The filters every transaction query accepts: the pod scope and the HTTP route. */
export function txFilters(w, q) {
    return w.podScope(q).eq('HttpRoute', q.route);
}
/**
 * The whole minutes inside [fromSec, toSec), read from the per-minute rollup; an empty span at
 * toSec when there is none (everything from tx_1s).
 */
export function wholeMinutes(fromSec, toSec) {
    const midFromSec = Math.ceil(fromSec / 60) * 60;
    const midToSec = Math.floor(toSec / 60) * 60;
    return midToSec > midFromSec ? { midFromSec, midToSec } : { midFromSec: toSec, midToSec: toSec };
}
/** Per-pod histograms for whole seconds [fromSec, toSec): tx_1m for whole minutes, else tx_1s. */
export async function podHistograms(ch, r, q) {
    const { fromSec, toSec } = secondsOf(r);
    const w = txFilters(new Where(), q);
    const rows = await select(ch, w.render(sql('velocity_pod_histograms', ch.database)), {
        ...w.params,
        fromSec,
        toSec,
        ...wholeMinutes(fromSec, toSec),
    });
    const out = new Map();
    for (const row of rows) {
        const hist = new Histogram();
        for (const [b, c, e] of row.h)
            hist.add(num(b), num(c), num(e));
        hist.addStats(num(row.d), num(row.mn), num(row.mx));
        const key = `${row.ns}/${row.p}`;
        const prev = out.get(key);
        if (prev) {
            prev.hist.merge(hist);
            continue;
        }
        out.set(key, {
            serviceName: row.s,
            namespace: row.ns,
            workload: row.w,
            podName: row.p,
            hist,
            // from the pods table below; 1 for pods it does not know (spans without lifecycle events)
            instanceCount: 1,
            state: 'running',
            endedAtMs: null,
            endReason: '',
            apdex: null,
        });
    }
    return out;
}
/** Pods whose lifetime overlaps the window (live, or ended inside/after it). */
async function podsInWindow(ch, r, q) {
    const w = new Where().podScope(q);
    return select(ch, w.render(sql('velocity_pods', ch.database)), {
        ...w.params,
        fromMs: r.fromMs,
        toMs: r.toMs,
    });
}
async function exactApdex(ch, r, q, cfg, maxDurationNs) {
    const { fromSec, toSec } = secondsOf(r);
    // a transaction that ended in the window started at most the longest duration seen in the
    // window (tx_1s max) before it
    const slackS = Math.ceil(maxDurationNs / 1e9) + 1;
    const w = txFilters(new Where(), q);
    const overrides = Object.entries(cfg.apdexThresholdMsByService);
    return select(ch, w.render(sql('velocity_apdex', ch.database)), {
        ...w.params,
        startSec: Math.max(0, fromSec - slackS),
        fromSec,
        toSec,
        defaultTNs: Math.round(cfg.apdexThresholdMs * 1e6),
        tServices: overrides.map(([svc]) => svc),
        tValuesNs: overrides.map(([, ms]) => Math.round(ms * 1e6)),
    });
}
const STATE_RANK = { running: 5, restarted: 4, crashed: 3, killed: 2, stopped: 1 };
export async function velocity(ch, cfg, q, nowMs = Date.now()) {
    const r = resolveRange(q, nowMs);
    const groupBy = q.groupBy ?? 'pod';
    const { fromSec, toSec } = secondsOf(r);
    const windowSeconds = toSec - fromSec;
    const rawApdex = r.toMs - r.fromMs <= APDEX_RAW_MAX_MS;
    const pods = await podHistograms(ch, r, q);
    const podRows = await podsInWindow(ch, r, q);
    for (const pr of podRows) {
        const key = `${pr.ns}/${pr.p}`;
        let agg = pods.get(key);
        if (!agg) {
            if (q.includeIdle === false || q.route !== undefined)
                continue;
            agg = {
                serviceName: pr.s,
                namespace: pr.ns,
                workload: pr.w,
                podName: pr.p,
                hist: new Histogram(),
                instanceCount: 0,
                state: 'running',
                endedAtMs: null,
                endReason: '',
                apdex: null,
            };
            pods.set(key, agg);
        }
        agg.state = pr.state;
        agg.endedAtMs = pr.endedAt === null || pr.endedAt === undefined ? null : Number(pr.endedAt);
        agg.endReason = pr.endReason;
        agg.instanceCount = num(pr.instances);
        if (!agg.workload)
            agg.workload = pr.w;
    }
    if (rawApdex) {
        let maxNs = 0;
        for (const p of pods.values())
            if (p.hist.maxNs > maxNs)
                maxNs = p.hist.maxNs;
        for (const a of await exactApdex(ch, r, q, cfg, maxNs)) {
            const agg = pods.get(`${a.ns}/${a.p}`);
            if (agg)
                agg.apdex = { satisfied: num(a.sat), tolerating: num(a.tol), frustrated: num(a.fru) };
        }
    }
    for (const agg of pods.values()) {
        if (!agg.apdex)
            agg.apdex = rawApdex
                ? { satisfied: 0, tolerating: 0, frustrated: 0 }
                : apdexFromLatency(agg.hist.buckets(), apdexThresholdFor(cfg, agg.serviceName));
    }
    // Group.
    const groups = new Map();
    for (const agg of pods.values()) {
        const key = groupBy === 'pod'
            ? `${agg.namespace}/${agg.podName}`
            : groupBy === 'workload'
                ? `${agg.namespace}/${agg.workload}`
                : agg.serviceName;
        const list = groups.get(key);
        if (list)
            list.push(agg);
        else
            groups.set(key, [agg]);
    }
    const rows = [];
    for (const [key, members] of groups) {
        const first = members[0];
        // one member (every pod row): its own histogram, which nothing reads after this
        const hist = members.length === 1 ? first.hist : new Histogram();
        const apdex = { satisfied: 0, tolerating: 0, frustrated: 0 };
        let instanceCount = 0;
        let state = first.state;
        let endedAtMs = first.endedAtMs;
        let endReason = first.endReason;
        for (const m of members) {
            if (hist !== m.hist)
                hist.merge(m.hist);
            apdex.satisfied += m.apdex.satisfied;
            apdex.tolerating += m.apdex.tolerating;
            apdex.frustrated += m.apdex.frustrated;
            instanceCount += m.instanceCount;
            if (STATE_RANK[m.state] > STATE_RANK[state])
                state = m.state;
            if (m.endedAtMs !== null && (endedAtMs === null || m.endedAtMs > endedAtMs)) {
                endedAtMs = m.endedAtMs;
                endReason = m.endReason;
            }
        }
        if (state === 'running' && groupBy !== 'pod') {
            endedAtMs = null;
            endReason = '';
        }
        const score = apdexScore(apdex);
        rows.push({
            key,
            serviceName: first.serviceName,
            namespace: groupBy === 'service' ? uniqueOr(members.map((m) => m.namespace)) : first.namespace,
            workload: groupBy === 'service' ? uniqueOr(members.map((m) => m.workload)) : first.workload,
            podName: groupBy === 'pod' ? first.podName : '',
            // members are distinct pods (keyed by namespace/pod above)
            podCount: members.length,
            instanceCount,
            state,
            endedAt: isoOrNull(endedAtMs),
            endReason,
            count: hist.total,
            errors: hist.errorTotal,
            tps: hist.total / windowSeconds,
            avgMs: hist.avgMs(),
            minMs: hist.minMs(),
            maxMs: hist.maxMs(),
            p50Ms: hist.quantileMs(0.5),
            p95Ms: hist.quantileMs(0.95),
            p99Ms: hist.quantileMs(0.99),
            apdexThresholdMs: apdexThresholdFor(cfg, first.serviceName),
            apdex: { ...apdex, score },
            apdexClass: apdexClass(score),
        });
    }
    rows.sort((a, b) => a.key.localeCompare(b.key));
    return {
        from: iso(fromSec * 1000),
        to: iso(toSec * 1000),
        windowSeconds,
        groupBy,
        apdexThresholdMs: cfg.apdexThresholdMs,
        apdexSource: rawApdex ? 'spans' : 'histogram',
        rows,
    };
}
function uniqueOr(values) {
    const s = new Set(values);
    return s.size === 1 ? values[0] : '';
}
const velocityRoutes = async (app, { cfg }) => {
    app.get('/velocity', {
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: {
            summary: 'Request velocity board: per pod / workload / service TPS, latency percentiles, Apdex',
            tags: ['query'],
            querystring: VelocityQuery,
            response: { 200: VelocityResponse, ...errorResponses },
        },
    }, async (req) => velocity(getCh(app), cfg, req.query));
};
export default velocityRoutes;
//# sourceMappingURL=velocity.js.map
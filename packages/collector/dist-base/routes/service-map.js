import { ServiceMapQuery, ServiceMapResponse, } from '@podtrail/contracts/api';
import { apdexClass, apdexScore } from '@podtrail/contracts/rules';
import { apdexThresholdFor } from '../api-config.js';
import { getCh, select } from '../store/query.js';
import { sql } from '../store/sql.js';
import { iso, num, resolveRange, Where } from './query-util.js';
import { errorResponses } from './schemas.js';
/** Nodes returned at most (the busiest); a map of more is not readable anyway. */
export const SERVICE_MAP_NODE_LIMIT = 200;
/** Rows read at most from each statement (services; edges + target nodes). */
export const SERVICE_MAP_ROW_LIMIT = 5000;
/**
 * How far outside the window the server side of a call is looked for: a server span starts after
 * its client span (and before it ends) on the server's clock, which may be off by some seconds.
 * Without it a call at the window's edge would look like a call to an external host.
 */
export const SERVICE_MAP_JOIN_SLACK_MS = 5 * 60_000;
const serviceId = (name) => `svc:${name}`;
const ms = (ns) => ns === null || !Number.isFinite(Number(ns)) ? null : Number(ns) / 1e6;
/**
 * The service map of [from, to): services, databases and external hosts as nodes, calls as edges
 * (client/producer spans, resolved to the server span they caused, else their database or host).
 * Everything is read from the spans table, so pods that ended in the window count like live ones.
 */
export async function serviceMap(ch, cfg, q, nowMs = Date.now()) {
    const r = resolveRange(q, nowMs);
    const windowSeconds = (r.toMs - r.fromMs) / 1000;
    const overrides = Object.entries(cfg.apdexThresholdMsByService);
    const ws = new Where().eq('Namespace', q.namespace);
    const services = await select(ch, ws.render(sql('service_map_services', ch.database)), {
        ...ws.params,
        fromMs: r.fromMs,
        toMs: r.toMs,
        defaultTNs: Math.round(cfg.apdexThresholdMs * 1e6),
        tServices: overrides.map(([svc]) => svc),
        tValuesNs: overrides.map(([, t]) => Math.round(t * 1e6)),
        limit: SERVICE_MAP_ROW_LIMIT,
    });
    const wc = new Where().eq('Namespace', q.namespace);
    const calls = await select(ch, wc.render(sql('service_map_calls', ch.database)), {
        ...wc.params,
        fromMs: r.fromMs,
        toMs: r.toMs,
        joinFromMs: r.fromMs - SERVICE_MAP_JOIN_SLACK_MS,
        joinToMs: r.toMs + SERVICE_MAP_JOIN_SLACK_MS,
        limit: SERVICE_MAP_ROW_LIMIT,
    });
    const rowsCapped = services.length >= SERVICE_MAP_ROW_LIMIT || calls.length >= SERVICE_MAP_ROW_LIMIT;
    const nodes = new Map();
    const serviceNode = (name) => {
        const id = serviceId(name);
        let node = nodes.get(id);
        if (!node) {
            node = { id, kind: 'service', name, requests: 0, errors: 0, p95Ms: null, apdexClass: 'none' };
            node.apdexThresholdMs = apdexThresholdFor(cfg, name);
            node.apdex = { satisfied: 0, tolerating: 0, frustrated: 0, score: null };
            nodes.set(id, node);
        }
        return node;
    };
    for (const row of services) {
        const node = serviceNode(row.s);
        const counts = { satisfied: num(row.sat), tolerating: num(row.tol), frustrated: num(row.fru) };
        const score = apdexScore(counts);
        node.requests = num(row.n);
        node.errors = num(row.e);
        node.p95Ms = ms(row.p95Ns);
        node.apdex = { ...counts, score };
        node.apdexClass = apdexClass(score);
    }
    const edges = [];
    for (const row of calls) {
        const n = num(row.n);
        const e = num(row.e);
        if (num(row.nodeRow) === 1) {
            // totals of a target: the figures of database and external nodes (services have their own)
            if (row.tk === 'service')
                serviceNode(row.nm);
            else
                nodes.set(row.target, {
                    id: row.target,
                    kind: row.tk,
                    name: row.nm,
                    ...(row.tk === 'database' ? { dbSystem: row.dbs } : {}),
                    requests: n,
                    errors: e,
                    p95Ms: ms(row.p95Ns),
                    apdexClass: 'none',
                });
            continue;
        }
        serviceNode(row.src);
        edges.push({
            source: serviceId(row.src),
            target: row.target,
            kind: row.ek,
            calls: n,
            errors: e,
            ratePerSec: n / windowSeconds,
            errorRate: n > 0 ? e / n : 0,
            p95Ms: ms(row.p95Ns) ?? 0,
        });
    }
    // the busiest nodes: requests received, plus calls made for services that only call out
    const outCalls = new Map();
    for (const e of edges)
        outCalls.set(e.source, (outCalls.get(e.source) ?? 0) + e.calls);
    const weight = (n) => n.requests + (outCalls.get(n.id) ?? 0);
    const ranked = [...nodes.values()].sort((a, b) => weight(b) - weight(a) || a.id.localeCompare(b.id));
    const kept = ranked.slice(0, SERVICE_MAP_NODE_LIMIT);
    const keptIds = new Set(kept.map((n) => n.id));
    return {
        from: iso(r.fromMs),
        to: iso(r.toMs),
        windowSeconds,
        nodes: kept.sort((a, b) => a.id.localeCompare(b.id)),
        edges: edges
            .filter((e) => keptIds.has(e.source) && keptIds.has(e.target))
            .sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target)),
        nodeLimit: SERVICE_MAP_NODE_LIMIT,
        totalNodes: nodes.size,
        capped: rowsCapped || kept.length < ranked.length,
    };
}
const serviceMapRoutes = async (app, { cfg }) => {
    app.get('/service-map', {
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: {
            summary: 'Service map: services, databases and external hosts with the calls between them',
            tags: ['query'],
            querystring: ServiceMapQuery,
            response: { 200: ServiceMapResponse, ...errorResponses },
        },
    }, async (req) => serviceMap(getCh(app), cfg, req.query));
};
export default serviceMapRoutes;
//# sourceMappingURL=service-map.js.map
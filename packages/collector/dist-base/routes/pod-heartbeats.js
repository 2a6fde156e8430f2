import { HEARTBEAT_ATTRS, LIFECYCLE_EVENTS } from '@podtrail/contracts/wire';
import { select } from '../store/query.js';
import { sql } from '../store/sql.js';
import { iso, num } from './query-util.js';
/**
 * The post-mortem's heartbeat part: per instance, the in-flight list of its last heartbeat (what a
 * SIGKILLed instance was doing, since it could not say at its end) and its memory series. Both
 * come from the heartbeat rows of `lifecycle_events`, stored through the same exactly-once ingest
 * as every lifecycle event and expiring with them.
 */
/** Beyond this many heartbeats in a pod's lifetime, points are the maximum per time bucket. */
export const MAX_MEMORY_POINTS = 3000;
/** A JSON value as text: strings as they are, null/undefined as ''. */
export const str = (v) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
/** One entry of an in-flight JSON list (stop/crash events, heartbeats); missing fields as ''. */
export function toInFlight(v) {
    const o = (typeof v === 'object' && v !== null ? v : {});
    const started = Number(o.startedAtMs);
    return {
        traceId: str(o.traceId),
        spanId: str(o.spanId),
        route: str(o.route),
        method: str(o.method),
        url: str(o.url),
        startedAt: Number.isFinite(started) && started > 0 ? iso(started) : null,
    };
}
export function parseJsonArray(s) {
    if (!s)
        return [];
    try {
        const v = JSON.parse(s);
        return Array.isArray(v) ? v : [];
    }
    catch {
        return [];
    }
}
const numOrNull = (s) => {
    if (s === undefined || s.trim() === '')
        return null;
    const n = Number(s);
    return Number.isFinite(n) ? n : null;
};
/** The bucket width that keeps the pod's points near MAX_MEMORY_POINTS (1 = every heartbeat). */
export function memoryBucketMs(rows) {
    const total = rows.reduce((s, r) => s + r.n, 0);
    if (total <= MAX_MEMORY_POINTS)
        return 1;
    const span = rows.reduce((s, r) => s + Math.max(0, r.lastMs - r.firstMs), 0);
    return Math.max(1, Math.ceil(span / MAX_MEMORY_POINTS));
}
export async function podHeartbeats(ch, key, instances) {
    const db = ch.database;
    const base = { ...key, heartbeat: LIFECYCLE_EVENTS.heartbeat };
    const lastRows = await select(ch, sql('pod_heartbeats_last', db), base);
    const last = new Map(lastRows.map((r) => [r.inst, { ...r, n: num(r.n), firstMs: num(r.firstMs), lastMs: num(r.lastMs) }]));
    const bucketMs = memoryBucketMs([...last.values()]);
    const seriesRows = lastRows.length === 0
        ? []
        : await select(ch, sql('pod_memory_series', db), {
            ...base,
            bucketMs,
            kRss: HEARTBEAT_ATTRS.rss,
            kHeapUsed: HEARTBEAT_ATTRS.heapUsed,
            kHeapLimit: HEARTBEAT_ATTRS.heapLimit,
            kExternal: HEARTBEAT_ATTRS.external,
            kArrayBuffers: HEARTBEAT_ATTRS.arrayBuffers,
            kEldP99: HEARTBEAT_ATTRS.eventLoopDelayP99Ms,
            kEldMax: HEARTBEAT_ATTRS.eventLoopDelayMaxMs,
        });
    const points = new Map();
    for (const r of seriesRows) {
        let list = points.get(r.inst);
        if (!list) {
            list = [];
            points.set(r.inst, list);
        }
        list.push({
            ts: iso(num(r.ts)),
            rss: r.rss,
            heapUsed: r.heapUsed,
            heapLimit: r.heapLimit,
            external: r.external,
            arrayBuffers: r.arrayBuffers,
            eventLoopDelayP99Ms: r.eldP99,
            eventLoopDelayMaxMs: r.eldMax,
        });
    }
    const out = new Map();
    for (const i of instances) {
        const hb = last.get(i.instanceId);
        const a = hb?.attrs ?? {};
        const endMs = i.endedAtMs === null ? null : Math.max(i.endedAtMs, i.lastSeenMs);
        const inFlight = parseJsonArray(a[HEARTBEAT_ATTRS.inFlight]).map(toInFlight);
        const lastHeartbeat = hb
            ? {
                at: iso(hb.lastMs),
                secondsBeforeEnd: endMs === null ? null : Math.round(Math.max(0, endMs - hb.lastMs) / 100) / 10,
                inFlight,
                inFlightTotal: Math.max(inFlight.length, Math.trunc(numOrNull(a[HEARTBEAT_ATTRS.inFlightTotal]) ?? 0)),
                inFlightThresholdMs: Math.max(0, Math.trunc(numOrNull(a[HEARTBEAT_ATTRS.inFlightThresholdMs]) ?? 0)),
            }
            : null;
        out.set(i.instanceId, {
            lastHeartbeat,
            memory: {
                heartbeats: hb?.n ?? 0,
                bucketMs: bucketMs === 1 ? 0 : bucketMs,
                heapLimit: numOrNull(a[HEARTBEAT_ATTRS.heapLimit]),
                containerMemoryLimit: numOrNull(a[HEARTBEAT_ATTRS.containerMemoryLimit]),
                endsAt: iso(Math.max(i.lastSeenMs, hb?.lastMs ?? 0)),
                points: points.get(i.instanceId) ?? [],
            },
        });
    }
    return out;
}
//# sourceMappingURL=pod-heartbeats.js.map
import { randomBytes } from 'node:crypto';
import { encodeOtlp } from '@podtrail/contracts';
import { kv } from './otlp-fixtures.js';
/** `n` pods of `workloads` deployments in namespace `namespace` (names unique per call). */
export function fleetPods(n, namespace, workloads = 20) {
    const tag = randomBytes(2).toString('hex');
    return Array.from({ length: n }, (_, i) => {
        const workload = `svc-${i % workloads}`;
        return {
            service: workload,
            namespace,
            workload,
            podName: `${workload}-${tag}-${i}`,
            podUid: crypto.randomUUID(),
        };
    });
}
function resource(p) {
    return {
        attributes: [
            kv('service.name', p.service),
            kv('k8s.namespace.name', p.namespace),
            kv('k8s.pod.name', p.podName),
            kv('k8s.pod.uid', p.podUid),
            kv('k8s.deployment.name', p.workload),
            kv('k8s.node.name', 'node-7'),
            kv('telemetry.sdk.name', 'opentelemetry'),
            kv('telemetry.sdk.language', 'go'),
            kv('telemetry.sdk.version', '1.32.0'),
        ],
    };
}
/** One ExportTraceServiceRequest holding the spans given, one resource per pod. */
export function fleetTraceRequest(spans) {
    const byPod = new Map();
    for (const s of spans) {
        const list = byPod.get(s.pod) ?? [];
        list.push({
            traceId: randomBytes(16),
            spanId: randomBytes(8),
            name: 'GET /api/items/{id}',
            kind: 2,
            startTimeUnixNano: s.startNs.toString(),
            endTimeUnixNano: s.endNs.toString(),
            attributes: [kv('http.request.method', 'GET'), kv('http.route', '/api/items/{id}')],
            status: { code: 0, message: '' },
        });
        byPod.set(s.pod, list);
    }
    return {
        resourceSpans: [...byPod].map(([pod, list]) => ({
            resource: resource(pod),
            scopeSpans: [{ scope: { name: 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp' }, spans: list }],
        })),
    };
}
export function encodeFleetTraces(spans) {
    return Buffer.from(encodeOtlp('traces', fleetTraceRequest(spans)));
}
/** The whole millisecond a ns time falls in (how the collector stores first / last seen). */
export function msOf(ns) {
    return Number(ns / 1000000n);
}
/** What a pod's first and last seen must be: its oldest span start and newest span end, in ms. */
export function expectedLifetimes(spans) {
    const out = new Map();
    for (const s of spans) {
        const cur = out.get(s.pod.podName);
        const first = msOf(s.startNs);
        const last = msOf(s.endNs);
        if (!cur)
            out.set(s.pod.podName, { firstSeen: first, lastSeen: last });
        else {
            cur.firstSeen = Math.min(cur.firstSeen, first);
            cur.lastSeen = Math.max(cur.lastSeen, last);
        }
    }
    return out;
}
//# sourceMappingURL=span-only-fleet.js.map
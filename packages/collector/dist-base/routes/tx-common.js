import { typedAttributes } from '../ingest/attribute-types.js';
import { iso, isoOrNull, num } from './query-util.js';
export function toTransaction(r) {
    return {
        traceId: r.traceId,
        spanId: r.spanId,
        startTime: iso(r.startMs),
        endTime: iso(r.endMs),
        durationMs: num(r.durNs) / 1e6,
        name: r.name,
        route: r.route,
        method: r.method,
        statusCode: num(r.status),
        error: Boolean(r.err),
        serviceName: r.s,
        namespace: r.ns,
        workload: r.w,
        podName: r.p,
        instanceId: r.inst,
    };
}
export function toSpan(r) {
    const startNs = BigInt(r.startNs);
    return {
        traceId: r.traceId,
        spanId: r.spanId,
        parentSpanId: r.parentSpanId,
        name: r.name,
        kind: r.kind,
        isTransaction: Boolean(r.isTx),
        startTime: iso(Number(startNs / 1000000n)),
        startTimeUnixNano: r.startNs,
        durationMs: num(r.durNs) / 1e6,
        serviceName: r.s,
        namespace: r.ns,
        workload: r.w,
        podName: r.p,
        instanceId: r.inst,
        statusCode: r.statusCode,
        statusMessage: r.statusMessage,
        httpMethod: r.method,
        httpRoute: r.route,
        httpStatusCode: num(r.status),
        attributes: typedAttributes(r.attrs, r.attrTypes),
        resourceAttributes: r.res,
        events: r.evName.map((name, i) => ({
            timestamp: iso(r.evTs[i] ?? 0),
            name,
            attributes: r.evAttrs[i] ?? {},
        })),
    };
}
export function toPod(r) {
    return {
        namespace: r.ns,
        workload: r.w,
        workloadKind: r.wk,
        serviceName: r.s,
        podName: r.p,
        podUid: r.uid,
        nodeName: r.node,
        hostIp: r.ip,
        firstSeen: iso(r.firstSeen),
        lastSeen: iso(r.lastSeen),
        endedAt: isoOrNull(r.endedAt),
        state: r.state,
        endReason: r.endReason,
        instanceCount: num(r.instances),
        restartCount: num(r.restarts),
        currentInstanceId: r.current,
    };
}
//# sourceMappingURL=tx-common.js.map
import { anyValueToString, attributesToRecord, EVENT_NAME_KEY, int64ToBigInt, LIFECYCLE_ATTRS, } from '@podtrail/contracts';
import { severityNumberFromText } from '@podtrail/contracts/api';
import { TsvWriter } from '../store/tsv.js';
import { resourceContext } from './identity.js';
export const LIFECYCLE_COLUMNS = [
    'Timestamp',
    'EventName',
    'ServiceName',
    'Namespace',
    'Workload',
    'PodName',
    'PodUid',
    'InstanceId',
    'NodeName',
    'HostIp',
    'SeverityText',
    'Body',
    'Attributes',
    'ResourceAttributes',
];
export const LOG_COLUMNS = [
    'Timestamp',
    'TraceId',
    'SpanId',
    'SeverityNumber',
    'SeverityText',
    'ServiceName',
    'Namespace',
    'Workload',
    'PodName',
    'InstanceId',
    'ScopeName',
    'Body',
    'Attributes',
    'ResourceAttributes',
];
/** Lifecycle events are log records whose event name is in the `podtrail.agent.` namespace. */
export const LIFECYCLE_PREFIX = 'podtrail.agent.';
/**
 * The SeverityNumber stored for a record: its own when set (1..255, OTLP uses 1..24), else the
 * number its severity text names (`WARN` -> 13), so a source that sends only the text still
 * answers a minimum-severity query; 0 when neither says.
 */
export function logSeverityNumber(n, text) {
    if (n !== undefined && Number.isInteger(n) && n > 0 && n <= 255)
        return n;
    return text ? severityNumberFromText(text) : 0;
}
export function logCount(req) {
    let n = 0;
    for (const rl of req.resourceLogs ?? [])
        for (const sl of rl.scopeLogs ?? [])
            n += (sl.logRecords ?? []).length;
    return n;
}
/**
 * Splits a logs request into lifecycle events (-> lifecycle_events + tracker) and plain log
 * records (-> logs), encoding both.
 */
export class LogBatch {
    lifecycle = new TsvWriter(1 << 16);
    logs = new TsvWriter(1 << 16);
    events = [];
    lifecycleRows = 0;
    logRows = 0;
    rejected = 0;
    get rows() {
        return this.lifecycleRows + this.logRows;
    }
    add(req) {
        for (const rl of req.resourceLogs ?? []) {
            const ctx = resourceContext(rl.resource);
            const id = ctx.identity;
            for (const sl of rl.scopeLogs ?? []) {
                for (const lr of sl.logRecords ?? []) {
                    const attributes = attributesToRecord(lr.attributes);
                    const name = lr.eventName || attributes[EVENT_NAME_KEY] || '';
                    let tsNs = int64ToBigInt(lr.timeUnixNano);
                    if (tsNs === 0n)
                        tsNs = int64ToBigInt(lr.observedTimeUnixNano);
                    if (tsNs === 0n)
                        tsNs = BigInt(Date.now()) * 1000000n;
                    const body = anyValueToString(lr.body);
                    if (name.startsWith(LIFECYCLE_PREFIX)) {
                        const w = this.lifecycle;
                        w.ascii(tsNs.toString()).tab().str(name).tab().str(id.serviceName).tab().str(id.namespace).tab();
                        w.str(id.workload).tab().str(id.podName).tab().str(id.podUid).tab().str(id.instanceId).tab();
                        w.str(id.nodeName)
                            .tab()
                            .str(id.hostIp)
                            .tab()
                            .str(lr.severityText ?? '')
                            .tab()
                            .str(body)
                            .tab();
                        w.map(attributes).tab().map(ctx.attributes).nl();
                        this.lifecycleRows++;
                        const hb = Number(attributes[LIFECYCLE_ATTRS.heartbeatIntervalMs] ?? 0);
                        this.events.push({
                            name,
                            tsMs: Number(tsNs / 1000000n),
                            identity: id,
                            attributes,
                            resourceAttributes: ctx.attributes,
                            body,
                            heartbeatIntervalMs: Number.isFinite(hb) && hb > 0 ? hb : id.heartbeatIntervalMs,
                        });
                    }
                    else {
                        const w = this.logs;
                        const sev = logSeverityNumber(lr.severityNumber, lr.severityText);
                        w.ascii(tsNs.toString())
                            .tab()
                            .bytes(lr.traceId?.length === 16 ? lr.traceId : undefined)
                            .tab();
                        w.bytes(lr.spanId?.length === 8 ? lr.spanId : undefined)
                            .tab()
                            .int(sev)
                            .tab();
                        w.str(lr.severityText ?? '')
                            .tab()
                            .str(id.serviceName)
                            .tab()
                            .str(id.namespace)
                            .tab()
                            .str(id.workload)
                            .tab();
                        w.str(id.podName)
                            .tab()
                            .str(id.instanceId)
                            .tab()
                            .str(sl.scope?.name ?? '')
                            .tab()
                            .str(body)
                            .tab();
                        w.map(attributes).tab().map(ctx.extra).nl();
                        this.logRows++;
                    }
                }
            }
        }
        return 0;
    }
}
//# sourceMappingURL=logs.js.map
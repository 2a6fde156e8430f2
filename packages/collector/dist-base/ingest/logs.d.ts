import { type OtlpLogsRequest } from '@podtrail/contracts';
import { TsvWriter } from '../store/tsv.js';
import { type PodIdentity } from './identity.js';
export declare const LIFECYCLE_COLUMNS: readonly ["Timestamp", "EventName", "ServiceName", "Namespace", "Workload", "PodName", "PodUid", "InstanceId", "NodeName", "HostIp", "SeverityText", "Body", "Attributes", "ResourceAttributes"];
export declare const LOG_COLUMNS: readonly ["Timestamp", "TraceId", "SpanId", "SeverityNumber", "SeverityText", "ServiceName", "Namespace", "Workload", "PodName", "InstanceId", "ScopeName", "Body", "Attributes", "ResourceAttributes"];
/** Lifecycle events are log records whose event name is in the `podtrail.agent.` namespace. */
export declare const LIFECYCLE_PREFIX = "podtrail.agent.";
/** A lifecycle event as the pod lifecycle tracker sees it. */
export interface LifecycleEvent {
    name: string;
    /** event time, epoch ms */
    tsMs: number;
    identity: PodIdentity;
    attributes: Record<string, string>;
    /** all resource attributes of the instance */
    resourceAttributes: Record<string, string>;
    body: string;
    /** heartbeat interval the agent announced (event attribute, else resource attribute), 0 = unknown */
    heartbeatIntervalMs: number;
}
/**
 * The SeverityNumber stored for a record: its own when set (1..255, OTLP uses 1..24), else the
 * number its severity text names (`WARN` -> 13), so a source that sends only the text still
 * answers a minimum-severity query; 0 when neither says.
 */
export declare function logSeverityNumber(n: number | undefined, text: string | undefined): number;
export declare function logCount(req: OtlpLogsRequest): number;
/**
 * Splits a logs request into lifecycle events (-> lifecycle_events + tracker) and plain log
 * records (-> logs), encoding both.
 */
export declare class LogBatch {
    readonly lifecycle: TsvWriter;
    readonly logs: TsvWriter;
    readonly events: LifecycleEvent[];
    lifecycleRows: number;
    logRows: number;
    rejected: number;
    get rows(): number;
    add(req: OtlpLogsRequest): number;
}
//# sourceMappingURL=logs.d.ts.map
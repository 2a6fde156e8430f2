import { type OtlpKeyValue, type OtlpLogsRequest, type OtlpMetricsRequest, type OtlpTraceRequest } from '@podtrail/contracts';
/**
 * OTLP payload builders for tests and benchmarks: realistic resource attributes (as the agent
 * sends them) and HTTP server/client spans with the attributes the OTel HTTP instrumentation sets.
 */
export interface PodSpec {
    service: string;
    namespace?: string;
    workload?: string;
    podName: string;
    podUid: string;
    instanceId: string;
    hostIp?: string;
    heartbeatMs?: number;
}
export declare function kv(key: string, value: string | number | boolean): OtlpKeyValue;
export declare function resourceAttrs(p: PodSpec): OtlpKeyValue[];
export interface TraceOptions {
    /** transactions (= traces) in the request */
    transactions: number;
    /** spans per transaction (1 server + children) */
    spansPerTransaction?: number;
    /** end time of the first transaction, epoch ms */
    startMs?: number;
    /** duration of each server span, ms */
    durationMs?: number | ((i: number) => number);
    /** HTTP status of each server span */
    status?: number | ((i: number) => number);
    /** id bytes source (default crypto random) */
    random?: (n: number) => Buffer;
}
/** One ExportTraceServiceRequest: `transactions` HTTP server spans, each with child spans. */
export declare function traceRequest(pod: PodSpec, o: TraceOptions): OtlpTraceRequest;
export declare function encodeTraces(req: OtlpTraceRequest): Buffer;
export declare function lifecycleRequest(pod: PodSpec, event: string, tsMs: number, attrs?: Record<string, string | number>): OtlpLogsRequest;
export declare function metricsRequest(pod: PodSpec, tsMs: number): OtlpMetricsRequest;
/** Kafka headers the agent sets. */
export declare function agentHeaders(instanceId: string): Record<string, string>;
export declare function podSpec(service: string, n: number, extra?: Partial<PodSpec>): PodSpec;
//# sourceMappingURL=otlp-fixtures.d.ts.map
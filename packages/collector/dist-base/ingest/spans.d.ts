import { type LivePodSecond, type OtlpSpan, type OtlpTraceRequest } from '@podtrail/contracts';
import { TsvWriter } from '../store/tsv.js';
import { type PodIdentity } from './identity.js';
/** One spans-table row (pod identity comes from the resource, not repeated here). */
export interface SpanRow {
    startNs: bigint;
    durationNs: number;
    traceId: Uint8Array;
    spanId: Uint8Array;
    parentSpanId: Uint8Array | undefined;
    traceState: string;
    name: string;
    kind: number;
    isTransaction: boolean;
    statusCode: number;
    statusMessage: string;
    httpMethod: string;
    httpRoute: string;
    httpStatusCode: number;
    attributes: Record<string, string>;
    /** type tags of the non-string attribute values (attribute-types.ts) */
    attributeTypes: Record<string, string>;
    events: {
        timeNs: bigint;
        name: string;
        attributes: Record<string, string>;
    }[];
    links: {
        traceId: Uint8Array;
        spanId: Uint8Array;
    }[];
    scopeName: string;
}
/** Why a span was refused (counted, reported as OTLP partial success). */
export type SpanRejection = 'invalid trace id' | 'invalid span id' | 'invalid parent span id' | 'invalid timestamps';
export declare function isAllZero(b: Uint8Array | undefined): boolean;
/** Maps one OTLP span to a row; returns the rejection reason for spans that cannot be stored. */
export declare function mapSpan(span: OtlpSpan, scopeName: string): SpanRow | SpanRejection;
/** Column order of the TSV rows written by SpanBatch (the resource block comes last). */
export declare const SPAN_COLUMNS: readonly ["Timestamp", "TraceId", "SpanId", "ParentSpanId", "TraceState", "SpanName", "SpanKind", "IsTransaction", "DurationNs", "StatusCode", "StatusMessage", "HttpMethod", "HttpRoute", "HttpStatusCode", "SpanAttributes", "SpanAttributeTypes", "Events.Timestamp", "Events.Name", "Events.Attributes", "Links.TraceId", "Links.SpanId", "ScopeName", "ServiceName", "ServiceVersion", "Namespace", "Workload", "WorkloadKind", "PodName", "PodUid", "InstanceId", "ContainerName", "NodeName", "ResourceAttributes"];
export declare function writeSpanRow(w: TsvWriter, r: SpanRow): void;
/**
 * A pod seen in a batch, by its spans' own times: the oldest span start (ms) — lifecycle "first
 * seen" — and the newest span end (ms) — "last seen".
 */
export interface InstanceSighting {
    identity: PodIdentity;
    /** all resource attributes of the instance */
    attributes: Record<string, string>;
    firstSeenMs: number;
    lastSeenMs: number;
}
/**
 * Accumulates decoded OTLP trace requests into one TSV insert body, plus what is published
 * after the insert: per-second per-pod aggregates of transactions and the pods seen.
 */
export declare class SpanBatch {
    readonly w: TsvWriter;
    rows: number;
    rejected: number;
    readonly rejections: Map<SpanRejection, number>;
    /** pod-second -> its live row and the row's latency buckets by number */
    private readonly live;
    readonly sightings: Map<string, InstanceSighting>;
    constructor(initialBytes?: number);
    /** Adds a request; returns the number of spans refused. */
    add(req: OtlpTraceRequest): number;
    /**
     * Adds a protobuf ExportTraceServiceRequest straight from its bytes (see traces-transcoder.ts):
     * same rows as add(decodeOtlp(bytes)). Validates first; throws WireError when malformed (nothing
     * of the request is written then). Returns the number of spans refused.
     */
    addProtobuf(bytes: Uint8Array, scanned?: boolean): number;
    /** One sighting per instance: its oldest span start and newest span end in the batch. */
    private sighted;
    /** Adds a transaction to its pod-second: counts and latency histogram, no Apdex (read time). */
    private addLive;
    /** The live rows of the batch, histogram buckets in ascending order. */
    liveRows(): LivePodSecond[];
    body(): Buffer;
}
//# sourceMappingURL=spans.d.ts.map
import { attributesToRecord, int64ToBigInt, } from '@podtrail/contracts';
import { bucketOfNs, isFailedTransaction, isTransactionSpan, SPAN_KIND_NAMES, STATUS_CODE_NAMES, } from '@podtrail/contracts/rules';
import { SEMCONV, SEMCONV_LEGACY } from '@podtrail/contracts/semconv';
import { TsvWriter } from '../store/tsv.js';
import { attributeTypesOf } from './attribute-types.js';
import { resourceContext } from './identity.js';
import { httpStatusCodeOf } from './otlp-attributes.js';
import { spanDurationNs, spanEndMsOf } from './span-time.js';
import { scanTraces, transcodeTraces } from './traces-transcoder.js';
export function isAllZero(b) {
    if (!b)
        return true;
    for (let i = 0; i < b.length; i++)
        if (b[i] !== 0)
            return false;
    return true;
}
function longHiLo(v) {
    if (v === undefined || v === null)
        return [0, 0];
    if (typeof v === 'number')
        return [Math.floor(v / 4294967296), v >>> 0];
    if (typeof v === 'string') {
        const b = BigInt(v);
        return [Number(b >> 32n), Number(b & 0xffffffffn)];
    }
    return [v.high >>> 0, v.low >>> 0];
}
/** Maps one OTLP span to a row; returns the rejection reason for spans that cannot be stored. */
export function mapSpan(span, scopeName) {
    const traceId = span.traceId;
    if (!traceId || traceId.length !== 16 || isAllZero(traceId))
        return 'invalid trace id';
    if (!span.spanId || span.spanId.length !== 8 || isAllZero(span.spanId))
        return 'invalid span id';
    const parent = span.parentSpanId && span.parentSpanId.length > 0 ? span.parentSpanId : undefined;
    if (parent && parent.length !== 8)
        return 'invalid parent span id';
    const [sh, sl] = longHiLo(span.startTimeUnixNano);
    const [eh, el] = longHiLo(span.endTimeUnixNano);
    if (sh === 0 && sl === 0)
        return 'invalid timestamps';
    const durationNs = spanDurationNs(sh, sl, eh, el);
    const startNs = int64ToBigInt(span.startTimeUnixNano);
    // DateTime64(9) ends in 2262
    if (startNs >= 9000000000000000000n || startNs < 0n)
        return 'invalid timestamps';
    const attributes = attributesToRecord(span.attributes);
    const kind = span.kind ?? 0;
    const flags = span.flags;
    const statusCode = span.status?.code ?? 0;
    return {
        startNs,
        durationNs,
        traceId,
        spanId: span.spanId,
        parentSpanId: parent,
        traceState: span.traceState ?? '',
        name: span.name ?? '',
        kind: kind >= 0 && kind < SPAN_KIND_NAMES.length ? kind : 0,
        // an all-zero parent id is no parent
        isTransaction: isTransactionSpan(kind, !isAllZero(parent), flags),
        statusCode: statusCode >= 0 && statusCode < STATUS_CODE_NAMES.length ? statusCode : 0,
        statusMessage: span.status?.message ?? '',
        httpMethod: attributes[SEMCONV.httpRequestMethod] ?? attributes[SEMCONV_LEGACY.httpMethod] ?? '',
        httpRoute: attributes[SEMCONV.httpRoute] ?? '',
        httpStatusCode: httpStatusCodeOf(attributes[SEMCONV.httpResponseStatusCode] ?? attributes[SEMCONV_LEGACY.httpStatusCode]),
        attributes,
        attributeTypes: attributeTypesOf(span.attributes),
        events: (span.events ?? []).map((e) => ({
            timeNs: int64ToBigInt(e.timeUnixNano),
            name: e.name ?? '',
            attributes: attributesToRecord(e.attributes),
        })),
        links: (span.links ?? [])
            .filter((l) => l.traceId?.length === 16 && l.spanId?.length === 8)
            .map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
        scopeName,
    };
}
/** Column order of the TSV rows written by SpanBatch (the resource block comes last). */
export const SPAN_COLUMNS = [
    'Timestamp',
    'TraceId',
    'SpanId',
    'ParentSpanId',
    'TraceState',
    'SpanName',
    'SpanKind',
    'IsTransaction',
    'DurationNs',
    'StatusCode',
    'StatusMessage',
    'HttpMethod',
    'HttpRoute',
    'HttpStatusCode',
    'SpanAttributes',
    'SpanAttributeTypes',
    'Events.Timestamp',
    'Events.Name',
    'Events.Attributes',
    'Links.TraceId',
    'Links.SpanId',
    'ScopeName',
    'ServiceName',
    'ServiceVersion',
    'Namespace',
    'Workload',
    'WorkloadKind',
    'PodName',
    'PodUid',
    'InstanceId',
    'ContainerName',
    'NodeName',
    'ResourceAttributes',
];
/** Encodes the per-resource tail of a row once (`\t<identity...>\t<resource map>\n`). */
function encodeResourceTail(ctx) {
    const w = new TsvWriter(1024);
    const id = ctx.identity;
    w.tab().str(id.serviceName).tab().str(id.serviceVersion).tab().str(id.namespace).tab().str(id.workload);
    w.tab().str(id.workloadKind).tab().str(id.podName).tab().str(id.podUid).tab().str(id.instanceId);
    w.tab().str(id.containerName).tab().str(id.nodeName).tab().map(ctx.extra).nl();
    return Buffer.from(w.toBuffer());
}
export function writeSpanRow(w, r) {
    w.ascii(r.startNs.toString()).tab();
    w.bytes(r.traceId).tab().bytes(r.spanId).tab().bytes(r.parentSpanId).tab();
    w.str(r.traceState).tab().str(r.name).tab();
    w.ascii(SPAN_KIND_NAMES[r.kind])
        .tab()
        .bool(r.isTransaction)
        .tab();
    w.int(r.durationNs)
        .tab()
        .ascii(STATUS_CODE_NAMES[r.statusCode])
        .tab()
        .str(r.statusMessage)
        .tab();
    w.str(r.httpMethod).tab().str(r.httpRoute).tab().int(r.httpStatusCode).tab();
    w.map(r.attributes).tab();
    w.map(r.attributeTypes).tab();
    if (r.events.length === 0)
        w.ascii('[]\t[]\t[]\t');
    else {
        w.numArray(r.events.map((e) => e.timeNs)).tab();
        w.strArray(r.events.map((e) => e.name)).tab();
        w.mapArray(r.events.map((e) => e.attributes)).tab();
    }
    if (r.links.length === 0)
        w.ascii('[]\t[]\t');
    else {
        w.bytesArray(r.links.map((l) => l.traceId)).tab();
        w.bytesArray(r.links.map((l) => l.spanId)).tab();
    }
    w.str(r.scopeName);
}
/**
 * Accumulates decoded OTLP trace requests into one TSV insert body, plus what is published
 * after the insert: per-second per-pod aggregates of transactions and the pods seen.
 */
export class SpanBatch {
    w;
    rows = 0;
    rejected = 0;
    rejections = new Map();
    /** pod-second -> its live row and the row's latency buckets by number */
    live = new Map();
    sightings = new Map();
    constructor(initialBytes = 1 << 20) {
        this.w = new TsvWriter(initialBytes);
    }
    /** Adds a request; returns the number of spans refused. */
    add(req) {
        let refused = 0;
        for (const rs of req.resourceSpans ?? []) {
            const ctx = resourceContext(rs.resource);
            let tail;
            let firstSeenMs = Number.POSITIVE_INFINITY;
            let lastSeenMs = 0;
            for (const ss of rs.scopeSpans ?? []) {
                const scopeName = ss.scope?.name ?? '';
                for (const span of ss.spans ?? []) {
                    const row = mapSpan(span, scopeName);
                    if (typeof row === 'string') {
                        refused++;
                        this.rejections.set(row, (this.rejections.get(row) ?? 0) + 1);
                        continue;
                    }
                    tail ??= encodeResourceTail(ctx);
                    writeSpanRow(this.w, row);
                    this.w.raw(tail);
                    this.rows++;
                    const startMs = spanEndMsOf(row.startNs, 0);
                    const endMs = spanEndMsOf(row.startNs, row.durationNs);
                    if (startMs < firstSeenMs)
                        firstSeenMs = startMs;
                    if (endMs > lastSeenMs)
                        lastSeenMs = endMs;
                    if (row.isTransaction)
                        this.addLive(ctx.identity, row.durationNs, endMs, isFailedTransaction(row.statusCode, row.httpStatusCode));
                }
            }
            if (lastSeenMs > 0)
                this.sighted(ctx, firstSeenMs, lastSeenMs);
        }
        this.rejected += refused;
        return refused;
    }
    /**
     * Adds a protobuf ExportTraceServiceRequest straight from its bytes (see traces-transcoder.ts):
     * same rows as add(decodeOtlp(bytes)). Validates first; throws WireError when malformed (nothing
     * of the request is written then). Returns the number of spans refused.
     */
    addProtobuf(bytes, scanned = false) {
        if (!scanned)
            scanTraces(bytes);
        let refused = 0;
        const seen = new Map();
        transcodeTraces(bytes, this.w, {
            span: (ctx, startMs, endMs, durationNs, isTx, error) => {
                this.rows++;
                const s = seen.get(ctx);
                if (!s)
                    seen.set(ctx, { first: startMs, last: endMs });
                else {
                    if (startMs < s.first)
                        s.first = startMs;
                    if (endMs > s.last)
                        s.last = endMs;
                }
                if (isTx)
                    this.addLive(ctx.identity, durationNs, endMs, error);
            },
            refused: (reason) => {
                refused++;
                this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + 1);
            },
            tail: (ctx) => encodeResourceTail(ctx),
        });
        for (const [ctx, s] of seen)
            this.sighted(ctx, s.first, s.last);
        this.rejected += refused;
        return refused;
    }
    /** One sighting per instance: its oldest span start and newest span end in the batch. */
    sighted(ctx, firstSeenMs, lastSeenMs) {
        const key = ctx.identity.instanceId;
        const prev = this.sightings.get(key);
        if (!prev) {
            this.sightings.set(key, {
                identity: ctx.identity,
                attributes: ctx.attributes,
                firstSeenMs: Math.floor(Math.min(firstSeenMs, lastSeenMs)),
                lastSeenMs: Math.floor(lastSeenMs),
            });
            return;
        }
        if (firstSeenMs < prev.firstSeenMs)
            prev.firstSeenMs = Math.floor(firstSeenMs);
        if (lastSeenMs > prev.lastSeenMs) {
            prev.lastSeenMs = Math.floor(lastSeenMs);
            prev.identity = ctx.identity;
            prev.attributes = ctx.attributes;
        }
    }
    /** Adds a transaction to its pod-second: counts and latency histogram, no Apdex (read time). */
    addLive(id, durationNs, endMs, error) {
        const ts = Math.floor(endMs / 1000);
        const key = `${ts}\0${id.namespace}\0${id.podName}\0${id.instanceId}\0${id.serviceName}`;
        let agg = this.live.get(key);
        if (!agg) {
            agg = {
                row: {
                    ts,
                    serviceName: id.serviceName,
                    namespace: id.namespace,
                    workload: id.workload,
                    podName: id.podName,
                    instanceId: id.instanceId,
                    count: 0,
                    errors: 0,
                    durationSumMs: 0,
                    durationMaxMs: 0,
                    latency: [],
                },
                buckets: new Map(),
            };
            this.live.set(key, agg);
        }
        const { row } = agg;
        const ms = durationNs / 1e6;
        row.count++;
        if (error)
            row.errors++;
        row.durationSumMs += ms;
        if (ms > row.durationMaxMs)
            row.durationMaxMs = ms;
        const b = bucketOfNs(durationNs);
        let bucket = agg.buckets.get(b);
        if (!bucket) {
            bucket = [b, 0, 0];
            agg.buckets.set(b, bucket);
            row.latency.push(bucket);
        }
        bucket[1]++;
        if (error)
            bucket[2]++;
    }
    /** The live rows of the batch, histogram buckets in ascending order. */
    liveRows() {
        const out = [];
        for (const { row } of this.live.values()) {
            row.latency.sort((x, y) => x[0] - y[0]);
            out.push(row);
        }
        return out;
    }
    body() {
        return this.w.toBuffer();
    }
}
//# sourceMappingURL=spans.js.map
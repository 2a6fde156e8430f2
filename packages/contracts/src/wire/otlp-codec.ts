import protobuf from 'protobufjs';
import { OTLP_PROTO } from './otlp-proto.js';

// Decoded messages use protobufjs' default object form: camelCase field names,
// `bytes` as Uint8Array, 64-bit integers as Long-like objects or numbers.
export interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
}
export type Int64 = number | LongLike | string;

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: Int64;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: Uint8Array;
}
export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
export interface OtlpResource {
  attributes?: OtlpKeyValue[];
}
export interface OtlpScope {
  name?: string;
  version?: string;
}
export interface OtlpSpanEvent {
  timeUnixNano?: Int64;
  name?: string;
  attributes?: OtlpKeyValue[];
}
export interface OtlpSpanLink {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
}
export interface OtlpSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState?: string;
  parentSpanId?: Uint8Array;
  name: string;
  kind?: number;
  startTimeUnixNano: Int64;
  endTimeUnixNano: Int64;
  attributes?: OtlpKeyValue[];
  events?: OtlpSpanEvent[];
  links?: OtlpSpanLink[];
  status?: { code?: number; message?: string };
}
export interface OtlpTraceRequest {
  resourceSpans?: {
    resource?: OtlpResource;
    scopeSpans?: { scope?: OtlpScope; spans?: OtlpSpan[] }[];
  }[];
}
export interface OtlpNumberDataPoint {
  attributes?: OtlpKeyValue[];
  timeUnixNano?: Int64;
  asDouble?: number;
  asInt?: Int64;
}
export interface OtlpHistogramDataPoint {
  attributes?: OtlpKeyValue[];
  timeUnixNano?: Int64;
  count?: Int64;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts?: Int64[];
  explicitBounds?: number[];
}
export interface OtlpMetric {
  name: string;
  description?: string;
  unit?: string;
  gauge?: { dataPoints?: OtlpNumberDataPoint[] };
  sum?: { dataPoints?: OtlpNumberDataPoint[]; aggregationTemporality?: number; isMonotonic?: boolean };
  histogram?: { dataPoints?: OtlpHistogramDataPoint[]; aggregationTemporality?: number };
}
export interface OtlpMetricsRequest {
  resourceMetrics?: {
    resource?: OtlpResource;
    scopeMetrics?: { scope?: OtlpScope; metrics?: OtlpMetric[] }[];
  }[];
}
export interface OtlpLogRecord {
  timeUnixNano?: Int64;
  observedTimeUnixNano?: Int64;
  severityNumber?: number;
  severityText?: string;
  body?: OtlpAnyValue;
  attributes?: OtlpKeyValue[];
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  eventName?: string;
}
export interface OtlpLogsRequest {
  resourceLogs?: {
    resource?: OtlpResource;
    scopeLogs?: { scope?: OtlpScope; logRecords?: OtlpLogRecord[] }[];
  }[];
}

const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;
const pkg = 'opentelemetry.proto.';
const types = {
  traces: root.lookupType(`${pkg}ExportTraceServiceRequest`),
  metrics: root.lookupType(`${pkg}ExportMetricsServiceRequest`),
  logs: root.lookupType(`${pkg}ExportLogsServiceRequest`),
  tracesResponse: root.lookupType(`${pkg}ExportTraceServiceResponse`),
  metricsResponse: root.lookupType(`${pkg}ExportMetricsServiceResponse`),
  logsResponse: root.lookupType(`${pkg}ExportLogsServiceResponse`),
};

export type OtlpSignal = 'traces' | 'metrics' | 'logs';
export interface OtlpRequestBySignal {
  traces: OtlpTraceRequest;
  metrics: OtlpMetricsRequest;
  logs: OtlpLogsRequest;
}

/** Decodes OTLP protobuf. Throws protobufjs' error (with its offset) on malformed input. */
export function decodeOtlp<S extends OtlpSignal>(signal: S, bytes: Uint8Array): OtlpRequestBySignal[S] {
  return types[signal].decode(bytes) as unknown as OtlpRequestBySignal[S];
}

/**
 * Decodes OTLP/JSON (the protobuf JSON mapping: hex trace/span ids, int64 as strings).
 * Ids are converted to bytes so both encodings yield the same object shape.
 */
export function decodeOtlpJson<S extends OtlpSignal>(signal: S, json: unknown): OtlpRequestBySignal[S] {
  const type = types[signal];
  const fixed = int64StringsToLong(type, hexIdsToBase64(json));
  const err = type.verify(toProtoJsonShape(fixed));
  if (err) throw new Error(err);
  const msg = type.fromObject(fixed as Record<string, unknown>);
  return type.toObject(msg, {
    defaults: false,
    bytes: Uint8Array as unknown as StringConstructor,
  }) as unknown as OtlpRequestBySignal[S];
}

/** Encodes an OTLP request (used by tests, tools and benchmarks that need raw payloads). */
export function encodeOtlp<S extends OtlpSignal>(signal: S, req: OtlpRequestBySignal[S]): Uint8Array {
  const type = types[signal];
  return type.encode(type.fromObject(req as unknown as Record<string, unknown>)).finish();
}

/** Encodes an Export*ServiceResponse with partial success for the OTLP/HTTP receiver. */
export function encodeOtlpResponse(signal: OtlpSignal, rejected: number, errorMessage: string): Uint8Array {
  const key =
    signal === 'traces' ? 'rejectedSpans' : signal === 'metrics' ? 'rejectedDataPoints' : 'rejectedLogRecords';
  const type = types[`${signal}Response`];
  const body = rejected > 0 || errorMessage ? { partialSuccess: { [key]: rejected, errorMessage } } : {};
  return type.encode(type.fromObject(body)).finish();
}

interface LongStatic {
  fromString(s: string, unsigned: boolean): LongLike;
}
const INT64_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

// OTLP/JSON carries 64-bit integers as decimal strings (the protobuf JSON mapping); protobufjs'
// verify() only accepts numbers or Longs there, so turn them into Longs (exact) beforehand.
function int64StringsToLong(type: protobuf.Type, v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    const field = type.fields[k];
    if (!field) {
      out[k] = val;
      continue;
    }
    field.resolve();
    const conv = (x: unknown): unknown => {
      if (field.resolvedType instanceof protobuf.Type) return int64StringsToLong(field.resolvedType, x);
      if (INT64_TYPES.has(field.type) && typeof x === 'string' && /^-?\d+$/.test(x))
        return (protobuf.util.Long as unknown as LongStatic).fromString(
          x,
          field.type === 'uint64' || field.type === 'fixed64',
        );
      return x;
    };
    out[k] = field.repeated && Array.isArray(val) ? val.map(conv) : conv(val);
  }
  return out;
}

const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId', 'trace_id', 'span_id', 'parent_span_id']);

function hexIdsToBase64(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(hexIdsToBase64);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      if (ID_KEYS.has(k) && typeof val === 'string') {
        if (val !== '' && !/^[0-9a-fA-F]*$/.test(val)) throw new Error(`${k}: not a hex string`);
        out[k] = Buffer.from(val, 'hex');
      } else {
        out[k] = hexIdsToBase64(val);
      }
    }
    return out;
  }
  return v;
}

// verify() wants bytes fields as Uint8Array or base64 strings; Buffers pass as Uint8Array.
function toProtoJsonShape(v: unknown): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('request body must be a JSON object');
  return v as Record<string, unknown>;
}

/** Converts a protobufjs 64-bit value to bigint (timestamps in ns do not fit a double). */
export function int64ToBigInt(v: Int64 | undefined | null): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (typeof v === 'string') return BigInt(v);
  const u = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  // signed 64-bit (int64/sint64/sfixed64 Longs are not `unsigned`): two's complement
  return v.unsigned || v.high >= 0 ? u : u - (1n << 64n);
}

/** Converts a protobufjs 64-bit value to a JS number (exact below 2^53). */
export function int64ToNumber(v: Int64 | undefined | null): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  return (v.high >>> 0) * 4294967296 + (v.low >>> 0);
}

/** Flattens an OTLP AnyValue to the string stored in ClickHouse Map(String,String) columns. */
export function anyValueToString(v: OtlpAnyValue | undefined): string {
  if (!v) return '';
  // Decoded protobufjs messages carry every field's default on the prototype (stringValue === ''
  // even when the value is an int): only the field actually set is an own property.
  const has = (k: keyof OtlpAnyValue) => Object.hasOwn(v, k) && v[k] !== undefined && v[k] !== null;
  if (has('stringValue')) return v.stringValue!;
  if (has('boolValue')) return String(v.boolValue);
  if (has('intValue')) return int64ToBigInt(v.intValue).toString();
  if (has('doubleValue')) return String(v.doubleValue);
  if (has('bytesValue')) return Buffer.from(v.bytesValue!).toString('base64');
  if (has('arrayValue')) return JSON.stringify((v.arrayValue!.values ?? []).map(anyValueToString));
  if (has('kvlistValue')) return JSON.stringify(attributesToRecord(v.kvlistValue!.values));
  return '';
}

export function attributesToRecord(kvs: OtlpKeyValue[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!kvs) return out;
  for (const kv of kvs) out[kv.key] = anyValueToString(kv.value);
  return out;
}

import { type Static, Type } from '@sinclair/typebox';
import { FilterString, HexTraceId, IsoTime, TimeParam } from './common.js';

export const SpanEvent = Type.Object({
  timestamp: IsoTime,
  name: Type.String(),
  attributes: Type.Record(Type.String(), Type.String()),
});

/**
 * A span attribute value in its OTLP type: string, number (int or double; an int beyond 2^53 and a
 * non-finite double stay decimal strings), boolean, an array of those, or a key-value list (as strings);
 * bytes are base64 strings. Spans stored before typed attributes have strings only.
 */
export const AttributeValue = Type.Union([
  Type.String(),
  Type.Number(),
  Type.Boolean(),
  Type.Array(Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  Type.Record(Type.String(), Type.String()),
]);
export type AttributeValue = Static<typeof AttributeValue>;

export const Span = Type.Object({
  traceId: Type.String(),
  spanId: Type.String(),
  /** '' for a root span */
  parentSpanId: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  isTransaction: Type.Boolean(),
  startTime: IsoTime,
  /** epoch ns as a decimal string (waterfall precision) */
  startTimeUnixNano: Type.String(),
  durationMs: Type.Number(),
  serviceName: Type.String(),
  namespace: Type.String(),
  workload: Type.String(),
  podName: Type.String(),
  instanceId: Type.String(),
  statusCode: Type.String({ description: 'Unset | Ok | Error' }),
  statusMessage: Type.String(),
  httpMethod: Type.String(),
  httpRoute: Type.String(),
  httpStatusCode: Type.Integer(),
  attributes: Type.Record(Type.String(), AttributeValue),
  resourceAttributes: Type.Record(Type.String(), Type.String()),
  events: Type.Array(SpanEvent),
});
export type Span = Static<typeof Span>;

export const TraceParams = Type.Object({ traceId: HexTraceId });
export type TraceParams = Static<typeof TraceParams>;

export const TraceResponse = Type.Object({
  traceId: Type.String(),
  startTime: IsoTime,
  durationMs: Type.Number(),
  spans: Type.Array(Span),
});
export type TraceResponse = Static<typeof TraceResponse>;

export const SpansQuery = Type.Object({
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
  service: Type.Optional(FilterString),
  namespace: Type.Optional(FilterString),
  workload: Type.Optional(FilterString),
  pod: Type.Optional(FilterString),
  /** case-insensitive substring of the span name */
  name: Type.Optional(FilterString),
  /** span attribute key; with attrValue: exact match, alone: attribute present */
  attrKey: Type.Optional(FilterString),
  attrValue: Type.Optional(Type.String({ maxLength: 1024, pattern: '^[^\\u0000-\\u001f\\u007f]*$' })),
  traceId: Type.Optional(HexTraceId),
  minMs: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
  errorsOnly: Type.Optional(Type.Boolean()),
  transactionsOnly: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type SpansQuery = Static<typeof SpansQuery>;

export const SpansResponse = Type.Object({ rows: Type.Array(Span) });
export type SpansResponse = Static<typeof SpansResponse>;

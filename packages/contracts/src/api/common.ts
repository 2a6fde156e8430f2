import { type Static, type TLiteral, type TSchema, type TUnion, Type } from '@sinclair/typebox';
import { INSTANCE_STATES } from '../wire/lifecycle.js';

type TLiterals<T extends readonly string[]> = T extends readonly [
  infer H extends string,
  ...infer R extends readonly string[],
]
  ? [TLiteral<H>, ...TLiterals<R>]
  : [];

/** A union of string literals from a list kept in contracts (one list, one schema). */
export function literalUnion<const T extends readonly string[]>(values: T): TUnion<TLiterals<T>> {
  return Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<TLiterals<T>>;
}

/**
 * A point in time: epoch milliseconds, an ISO-8601 date-time, or `now` / `now-<n><s|m|h|d>`
 * (wall-screen URLs). Parsed on the server; anything else is a 400.
 */
export const TimeParam = Type.String({
  maxLength: 40,
  pattern:
    '^(\\d{1,16}|\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?|now(-\\d{1,6}[smhd])?)$',
  description: 'epoch ms, ISO-8601, or now / now-15m',
});

/** A filter value (service, namespace, workload, pod, route ...): no control characters, <= 256 chars. */
export const FilterString = Type.String({ minLength: 1, maxLength: 256, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });
/** Free-text search: <= 128 chars, no control characters. */
export const SearchString = Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });

export const HexTraceId = Type.String({ pattern: '^[0-9a-fA-F]{32}$', description: '32 hex chars' });

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** ISO-8601 date-time string (UTC, ms precision). */
export const IsoTime = Type.String({ description: 'ISO-8601 UTC, ms precision' });

/**
 * The scope filters of the transaction queries (velocity, heatmap, transactions, compare):
 * properties to spread into a `Type.Object`, all optional.
 */
export const ScopeFilters = {
  service: Type.Optional(FilterString),
  namespace: Type.Optional(FilterString),
  workload: Type.Optional(FilterString),
  pod: Type.Optional(FilterString),
  route: Type.Optional(FilterString),
};

/**
 * Rate and latency of a set of transactions (a velocity row, a compare window): properties to
 * spread into a `Type.Object`. Latencies are null without transactions.
 */
export const LatencyStats = {
  /** transactions / window seconds */
  tps: Type.Number(),
  avgMs: Nullable(Type.Number()),
  minMs: Nullable(Type.Number()),
  maxMs: Nullable(Type.Number()),
  /** from the tx_1s log histogram: relative error < 19% (see docs/api.md) */
  p50Ms: Nullable(Type.Number()),
  p95Ms: Nullable(Type.Number()),
  p99Ms: Nullable(Type.Number()),
};

export const TimeRangeQuery = Type.Object({
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
});

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'APM_ERR_<AREA>_<WHAT>' }),
    error: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String({ description: 'offending parameter, e.g. querystring/from' })),
  },
  { title: 'ApiError' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

export const Role = Type.Union([Type.Literal('ingest'), Type.Literal('read'), Type.Literal('admin')]);
export type Role = Static<typeof Role>;

export const PodState = literalUnion(INSTANCE_STATES);
export type PodState = Static<typeof PodState>;

export const Apdex = Type.Object({
  satisfied: Type.Integer(),
  tolerating: Type.Integer(),
  frustrated: Type.Integer(),
  /** (satisfied + tolerating/2) / total; null without transactions */
  score: Nullable(Type.Number()),
});
export type Apdex = Static<typeof Apdex>;

export const ApdexClass = Type.Union([
  Type.Literal('satisfying'),
  Type.Literal('tolerating'),
  Type.Literal('frustrating'),
  Type.Literal('none'),
]);
export type ApdexClass = Static<typeof ApdexClass>;

/** One transaction (SERVER-kind entry span). */
export const Transaction = Type.Object({
  traceId: Type.String(),
  spanId: Type.String(),
  startTime: IsoTime,
  endTime: IsoTime,
  durationMs: Type.Number(),
  name: Type.String(),
  route: Type.String(),
  method: Type.String(),
  statusCode: Type.Integer({ description: 'HTTP status code (0 when unknown)' }),
  error: Type.Boolean(),
  serviceName: Type.String(),
  namespace: Type.String(),
  workload: Type.String(),
  podName: Type.String(),
  instanceId: Type.String(),
});
export type Transaction = Static<typeof Transaction>;

/** Prefix of every query route; the live WebSocket is at `${API_PREFIX}/live`. */
export const API_PREFIX = '/api/v1';
export const LIVE_PATH = '/api/v1/live';

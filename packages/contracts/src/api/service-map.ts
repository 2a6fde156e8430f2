import { type Static, Type } from '@sinclair/typebox';
import { Apdex, ApdexClass, FilterString, IsoTime, Nullable, TimeParam } from './common.js';

/** GET /service-map: who calls whom in [from, to) (default the last 15 minutes). */
export const ServiceMapQuery = Type.Object({
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
  /** only services of this namespace (and what they call) */
  namespace: Type.Optional(FilterString),
});
export type ServiceMapQuery = Static<typeof ServiceMapQuery>;

export const ServiceMapNodeKind = Type.Union([
  Type.Literal('service'),
  Type.Literal('database'),
  Type.Literal('external'),
]);
export type ServiceMapNodeKind = Static<typeof ServiceMapNodeKind>;

export const ServiceMapEdgeKind = Type.Union([
  Type.Literal('http'),
  Type.Literal('db'),
  Type.Literal('messaging'),
  Type.Literal('other'),
]);
export type ServiceMapEdgeKind = Static<typeof ServiceMapEdgeKind>;

export const ServiceMapNode = Type.Object({
  /** `svc:<service>`, `db:<system>[:<server.address or db.namespace>]` or `ext:<host>[:<port>]` */
  id: Type.String(),
  kind: ServiceMapNodeKind,
  /** the service name, the database's address (or namespace), the external `host:port` */
  name: Type.String(),
  /** databases: `db.system.name` (or the older `db.system`) */
  dbSystem: Type.Optional(Type.String()),
  /** services: their transactions; databases and external hosts: the calls they received */
  requests: Type.Integer(),
  /** failed requests (transactions: the failed-transaction rule; calls: status Error) */
  errors: Type.Integer(),
  /** 95th percentile of the requests' durations; null without requests */
  p95Ms: Nullable(Type.Number()),
  /** services only: the threshold T (ms) of the service at read time */
  apdexThresholdMs: Type.Optional(Type.Number()),
  /** services only: Apdex of the service's transactions in the window */
  apdex: Type.Optional(Apdex),
  /** `none` without transactions, and for databases and external hosts */
  apdexClass: ApdexClass,
});
export type ServiceMapNode = Static<typeof ServiceMapNode>;

export const ServiceMapEdge = Type.Object({
  /** node ids */
  source: Type.String(),
  target: Type.String(),
  kind: ServiceMapEdgeKind,
  /** client (or producer) spans of the source in the window */
  calls: Type.Integer(),
  /** of which with status Error */
  errors: Type.Integer(),
  /** calls / window seconds */
  ratePerSec: Type.Number(),
  /** errors / calls */
  errorRate: Type.Number(),
  /** 95th percentile of the calls' durations as the caller saw them */
  p95Ms: Type.Number(),
});
export type ServiceMapEdge = Static<typeof ServiceMapEdge>;

export const ServiceMapResponse = Type.Object({
  from: IsoTime,
  to: IsoTime,
  windowSeconds: Type.Number(),
  nodes: Type.Array(ServiceMapNode),
  edges: Type.Array(ServiceMapEdge),
  /** at most this many nodes are returned (the busiest) */
  nodeLimit: Type.Integer(),
  /** nodes in the window before the limit */
  totalNodes: Type.Integer(),
  /** true when nodes (and their edges) were left out to respect `nodeLimit` */
  capped: Type.Boolean(),
});
export type ServiceMapResponse = Static<typeof ServiceMapResponse>;

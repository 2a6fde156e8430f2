import { type Static, Type } from '@sinclair/typebox';
import { LIST_PAGE_MAX } from '../rules/paging.js';
import { Apdex, ApdexClass, IsoTime, LatencyStats, Nullable, PodState, ScopeFilters, TimeParam } from './common.js';

export const VelocityGroupBy = Type.Union([Type.Literal('pod'), Type.Literal('workload'), Type.Literal('service')]);
export type VelocityGroupBy = Static<typeof VelocityGroupBy>;

export const VelocityQuery = Type.Object({
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
  groupBy: Type.Optional(VelocityGroupBy),
  ...ScopeFilters,
  /** include pods alive in the window without any transaction (groupBy=pod); default true */
  includeIdle: Type.Optional(Type.Boolean()),
  /**
   * page size (default 500, as GET /pods): the groups with the most transactions (ties by key), in
   * that order. `total` counts them all (20,000 pods a day: a long window pages)
   */
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIST_PAGE_MAX })),
  /** groups skipped before the page: pages are exact */
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
});
export type VelocityQuery = Static<typeof VelocityQuery>;

export const VelocityRow = Type.Object({
  /** pod: `namespace/podName`; workload: `namespace/workload`; service: serviceName */
  key: Type.String(),
  serviceName: Type.String(),
  namespace: Type.String(),
  workload: Type.String(),
  /** '' unless groupBy=pod */
  podName: Type.String(),
  /** pods in the group (1 for groupBy=pod) */
  podCount: Type.Integer(),
  instanceCount: Type.Integer(),
  /** pod state (groupBy=pod); for groups `running` when any pod runs, else the last pod's state */
  state: PodState,
  endedAt: Nullable(IsoTime),
  endReason: Type.String(),
  count: Type.Integer(),
  errors: Type.Integer(),
  ...LatencyStats,
  apdexThresholdMs: Type.Number(),
  apdex: Apdex,
  apdexClass: ApdexClass,
});
export type VelocityRow = Static<typeof VelocityRow>;

export const VelocityResponse = Type.Object({
  from: IsoTime,
  to: IsoTime,
  windowSeconds: Type.Number(),
  groupBy: VelocityGroupBy,
  /** default threshold; per-service values are on each row */
  apdexThresholdMs: Type.Number(),
  /** `spans`: exact, from raw spans (windows <= 6 h); `histogram`: estimated from tx_1s buckets */
  apdexSource: Type.Union([Type.Literal('spans'), Type.Literal('histogram')]),
  rows: Type.Array(VelocityRow),
  /** groups in the window, of which `rows` holds the page asked for */
  total: Type.Integer(),
  /** the page: `limit` as asked for or the default, `offset` as asked for or 0 */
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type VelocityResponse = Static<typeof VelocityResponse>;

import { type Static, Type } from '@sinclair/typebox';
import { IsoTime, LatencyStats, Nullable, ScopeFilters, TimeParam } from './common.js';

export const CompareQuery = Type.Object({
  aFrom: TimeParam,
  aTo: TimeParam,
  bFrom: TimeParam,
  bTo: TimeParam,
  ...ScopeFilters,
});
export type CompareQuery = Static<typeof CompareQuery>;

export const CompareWindow = Type.Object({
  from: IsoTime,
  to: IsoTime,
  transactions: Type.Integer(),
  errors: Type.Integer(),
  ...LatencyStats,
  /** errors / transactions (0..1), null without transactions */
  errorRate: Nullable(Type.Number()),
  /** histogram on the same edges for both windows: count of transactions with duration < leMs (per bucket, not cumulative) */
  distribution: Type.Array(Type.Object({ leMs: Type.Number(), count: Type.Integer() })),
});
export type CompareWindow = Static<typeof CompareWindow>;

/** b / a; null when a is 0 or either is missing */
export const CompareRatio = Type.Object({
  transactions: Nullable(Type.Number()),
  tps: Nullable(Type.Number()),
  avgMs: Nullable(Type.Number()),
  minMs: Nullable(Type.Number()),
  maxMs: Nullable(Type.Number()),
  p95Ms: Nullable(Type.Number()),
  errorRate: Nullable(Type.Number()),
});

export const CompareResponse = Type.Object({ a: CompareWindow, b: CompareWindow, ratio: CompareRatio });
export type CompareResponse = Static<typeof CompareResponse>;

import { type Static, Type } from '@sinclair/typebox';
import { ScopeFilters, TimeParam, Transaction } from './common.js';

export const TransactionsQuery = Type.Object({
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
  /** duration >= minMs */
  minMs: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
  /** duration < maxMs */
  maxMs: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9 })),
  /** heatmap rows exactly: tx_1s LatencyBucket >= minBucket (use instead of minMs for a drag on the heatmap) */
  minBucket: Type.Optional(Type.Integer({ minimum: 0, maximum: 255 })),
  /** LatencyBucket <= maxBucket */
  maxBucket: Type.Optional(Type.Integer({ minimum: 0, maximum: 255 })),
  ...ScopeFilters,
  errorsOnly: Type.Optional(Type.Boolean()),
  errorsFirst: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Type.Union([Type.Literal('duration'), Type.Literal('time')])),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
});
export type TransactionsQuery = Static<typeof TransactionsQuery>;

export const TransactionsResponse = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  rows: Type.Array(Transaction),
});
export type TransactionsResponse = Static<typeof TransactionsResponse>;

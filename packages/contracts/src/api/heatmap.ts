import { type Static, Type } from '@sinclair/typebox';
import { IsoTime, ScopeFilters, TimeParam } from './common.js';

export const HeatmapQuery = Type.Object({
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
  ...ScopeFilters,
  /** maximum number of time columns (default 300) */
  cols: Type.Optional(Type.Integer({ minimum: 10, maximum: 2000 })),
});
export type HeatmapQuery = Static<typeof HeatmapQuery>;

export const HeatmapResponse = Type.Object({
  /** aligned to stepMs */
  from: IsoTime,
  to: IsoTime,
  fromMs: Type.Number(),
  stepMs: Type.Integer(),
  columns: Type.Integer(),
  /** first tx_1s LatencyBucket shown; row r is bucket minBucket + r */
  minBucket: Type.Integer(),
  /** row edges in ms (length rows+1): row r covers [latencyBoundsMs[r], latencyBoundsMs[r+1]) */
  latencyBoundsMs: Type.Array(Type.Number()),
  /** [column, row, count, errors] for non-empty cells */
  cells: Type.Array(Type.Tuple([Type.Integer(), Type.Integer(), Type.Integer(), Type.Integer()])),
  maxCount: Type.Integer(),
  total: Type.Integer(),
  errors: Type.Integer(),
});
export type HeatmapResponse = Static<typeof HeatmapResponse>;

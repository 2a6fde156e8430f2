import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HeatmapQuery, HeatmapResponse } from '@podtrail/contracts/api';
import { type ChHandle } from '../store/query.js';
export declare const HEATMAP_MAX_WINDOW_MS: number;
export declare const HEATMAP_DEFAULT_COLS = 300;
/**
 * Time x latency heatmap from the per-second aggregates. Columns are `stepMs` wide and aligned to
 * multiples of the step (stable tiles while the window slides); rows are the latency buckets (4 per
 * doubling). x = the second a transaction ended, as in tx_1s. Columns of whole minutes (windows
 * over 2.5 h at the default 300 columns) read the per-minute rollup tx_1m: the same cells, exactly.
 */
export declare function heatmap(ch: ChHandle, q: HeatmapQuery, nowMs?: number, 
/** false reads tx_1s whatever the step (the benchmark's baseline) */
useMinuteRollup?: boolean): Promise<HeatmapResponse>;
declare const heatmapRoutes: FastifyPluginAsyncTypebox;
export default heatmapRoutes;
//# sourceMappingURL=heatmap.d.ts.map
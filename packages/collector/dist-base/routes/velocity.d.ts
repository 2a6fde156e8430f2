import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type PodState, VelocityQuery, VelocityResponse } from '@podtrail/contracts/api';
import { type ApdexCounts } from '@podtrail/contracts/rules';
import { type ApiConfig } from '../api-config.js';
import { type ChHandle } from '../store/query.js';
import { Histogram } from './histogram.js';
import { type Range, Where } from './query-util.js';
/** Windows up to this long get exact Apdex from raw spans; longer ones an estimate from tx_1s. */
export declare const APDEX_RAW_MAX_MS: number;
interface PodAgg {
    serviceName: string;
    namespace: string;
    workload: string;
    podName: string;
    hist: Histogram;
    instanceCount: number;
    state: PodState;
    /** epoch ms (ISO only on the rows answered: 20,000 pods a day make that count) */
    endedAtMs: number | null;
    endReason: string;
    apdex: ApdexCounts | null;
}
/** The filters every transaction query accepts: the pod scope and the HTTP route. */
export declare function txFilters(w: Where, q: {
    service?: string;
    namespace?: string;
    workload?: string;
    pod?: string;
    route?: string;
}): Where;
/**
 * The whole minutes inside [fromSec, toSec), read from the per-minute rollup; an empty span at
 * toSec when there is none (everything from tx_1s).
 */
export declare function wholeMinutes(fromSec: number, toSec: number): {
    midFromSec: number;
    midToSec: number;
};
/** Per-pod histograms for whole seconds [fromSec, toSec): tx_1m for whole minutes, else tx_1s. */
export declare function podHistograms(ch: ChHandle, r: Range, q: {
    service?: string;
    namespace?: string;
    workload?: string;
    pod?: string;
    route?: string;
}): Promise<Map<string, PodAgg>>;
export declare function velocity(ch: ChHandle, cfg: ApiConfig, q: VelocityQuery, nowMs?: number): Promise<VelocityResponse>;
declare const velocityRoutes: FastifyPluginAsyncTypebox<{
    cfg: ApiConfig;
}>;
export default velocityRoutes;
//# sourceMappingURL=velocity.d.ts.map
import type { FastifyPluginAsync } from 'fastify';
import type { CollectorMetrics } from '../collector-metrics.js';
import type { CollectorConfig } from '../config.js';
export interface OtlpPluginOptions {
    config: CollectorConfig;
    metrics: CollectorMetrics;
}
/** google.rpc.Status { int32 code = 1; string message = 2; } encoded by hand (2 fields). */
export declare function encodeStatus(code: number, message: string): Buffer;
declare const _default: FastifyPluginAsync<OtlpPluginOptions>;
export default _default;
//# sourceMappingURL=index.d.ts.map
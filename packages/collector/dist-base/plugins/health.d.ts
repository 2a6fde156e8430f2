import type { FastifyPluginAsync } from 'fastify';
import { type Registry } from 'prom-client';
import type { CollectorMetrics } from '../collector-metrics.js';
declare module 'fastify' {
    interface FastifyInstance {
        /** the Prometheus registry `/metrics` serves; plugins registered later add their metrics to it */
        metricsRegistry: Registry;
    }
}
export interface HealthPluginOptions {
    metrics: CollectorMetrics;
    /** true when this process consumes Kafka (readiness waits for the group join) */
    ingest: boolean;
}
declare const _default: FastifyPluginAsync<HealthPluginOptions>;
export default _default;
//# sourceMappingURL=health.d.ts.map
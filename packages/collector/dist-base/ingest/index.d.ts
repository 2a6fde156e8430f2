import type { FastifyPluginAsync } from 'fastify';
import type { CollectorMetrics } from '../collector-metrics.js';
import type { CollectorConfig } from '../config.js';
import type { KafkaClients } from '../kafka/index.js';
import { PodLifecycleTracker } from '../lifecycle/pod-lifecycle-tracker.js';
import { KafkaIngest } from './kafka-ingest.js';
import { IngestPipeline } from './pipeline.js';
export { DLQ_HEADERS } from './dead-letters.js';
declare module 'fastify' {
    interface FastifyInstance {
        /** row mapping + writer shared by Kafka ingest and the OTLP/HTTP receiver */
        pipeline: IngestPipeline;
        /** the Kafka consumer (absent when ingest is off) */
        kafkaIngest: KafkaIngest | null;
        lifecycleTracker: PodLifecycleTracker;
    }
}
export interface IngestPluginOptions {
    config: CollectorConfig;
    metrics: CollectorMetrics;
    /**
     * the Kafka clients (kafka plugin); null: no Kafka consumer and no live topic publishing (the
     * OTLP receiver still writes through the pipeline)
     */
    kafka: KafkaClients | null;
}
declare const _default: FastifyPluginAsync<IngestPluginOptions>;
export default _default;
//# sourceMappingURL=index.d.ts.map
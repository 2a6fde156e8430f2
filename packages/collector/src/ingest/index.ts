import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { CollectorMetrics } from '../collector-metrics.js';
import type { CollectorConfig } from '../config.js';
import type { KafkaClients } from '../kafka/index.js';
import { PodLifecycleTracker } from '../lifecycle/pod-lifecycle-tracker.js';
import { KafkaIngest } from './kafka-ingest.js';
import { IngestPipeline, RowRateLimiter } from './pipeline.js';

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

/**
 * Ingest: the pipeline (decode -> rows -> insert -> live + lifecycle), the pod lifecycle
 * tracker and the Kafka consumer group. Needs the clickhouse plugin (app.ch, app.tables) and,
 * for Kafka, the kafka plugin's clients (registered before, closed after this plugin stops).
 */
const ingestPlugin: FastifyPluginAsync<IngestPluginOptions> = async (app: FastifyInstance, opts) => {
  const { config, metrics } = opts;
  const live = opts.kafka?.livePublisher ?? null;
  const tracker = new PodLifecycleTracker({
    tables: app.tables,
    reader: app.ch.reader,
    database: config.database,
    live,
    metrics,
    log: app.log.child({ module: 'lifecycle' }),
    vanishHeartbeats: config.vanishHeartbeats,
    defaultHeartbeatIntervalMs: config.defaultHeartbeatIntervalMs,
    maxPendingSpanPods: config.lifecycleMaxPendingPods,
    forgetEndedAfterMs: config.lifecycleForgetEndedMs,
    eventTimeBounds: { maxBacklogMs: config.lifecycleMaxBacklogMs, maxSkewMs: config.lifecycleMaxSkewMs },
  });
  const kafka = opts.kafka
    ? new KafkaIngest({ config, metrics, log: app.log, kafka: opts.kafka, lifecycle: tracker })
    : null;
  const pipeline = new IngestPipeline({
    tables: app.tables,
    metrics,
    live,
    lifecycle: tracker,
    limiter: new RowRateLimiter(config.ingestMaxRowsPerSec),
    coalesce: {
      lingerMs: config.otlpCoalesceMs,
      maxRows: config.batchMaxRows,
      maxBytes: config.maxBodyBytes,
      maxQueuedBytes: config.otlpQueueBytes,
    },
  });
  app.decorate('pipeline', pipeline);
  app.decorate('kafkaIngest', kafka);
  app.decorate('lifecycleTracker', tracker);
  tracker.start();
  // stop consuming before the server closes and before ClickHouse clients close (onClose)
  app.addHook('preClose', async () => {
    await kafka?.stop();
    await tracker.stop();
  });
  // Kafka may be down at boot, or a fresh broker still electing leaders: the consumer is started
  // (and restarted after a crash) in the background with backoff; the API and the OTLP receiver
  // serve meanwhile and /readyz says why ingest is not ready.
  if (kafka) void kafka.run(pipeline);
};

// Not encapsulated: the pipeline and the tracker are decorators the OTLP receiver, health and
// routes use. The Kafka clients are an option (null without Kafka), so podtrail-kafka is not a
// declared dependency.
export default fp(ingestPlugin, { name: 'podtrail-ingest', fastify: '5.x', dependencies: ['podtrail-clickhouse'] });

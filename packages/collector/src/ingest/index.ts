import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { apdexThresholdFor } from '../api-config.js';
import type { CollectorConfig } from '../config.js';
import { PodLifecycleTracker } from '../lifecycle/pod-lifecycle-tracker.js';
import type { IngestMetrics } from './ingest-metrics.js';
import { KafkaIngest, type LifecycleOwnership } from './kafka-ingest.js';
import { IngestPipeline, RowRateLimiter } from './pipeline.js';

export { DLQ_HEADERS } from './producers.js';

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
  metrics: IngestMetrics;
  /** false: no Kafka consumer (the OTLP receiver still writes through the pipeline) */
  kafka?: boolean;
}

/**
 * Ingest: the pipeline (decode -> rows -> insert -> live + lifecycle), the pod lifecycle
 * tracker and the Kafka consumer group. Needs the clickhouse plugin (app.ch, app.tables).
 */
const ingestPlugin: FastifyPluginAsync<IngestPluginOptions> = async (app: FastifyInstance, opts) => {
  const { config, metrics } = opts;
  const useKafka = opts.kafka !== false;
  // The Kafka ingest comes first: it makes the live publisher the tracker is built with, and hands
  // lifecycle partition ownership on to the tracker (made just below, before the consumer runs).
  const lifecycle: LifecycleOwnership = {
    onAssignment: (partitions, numPartitions) => tracker.onAssignment(partitions, numPartitions),
    setCaughtUp: (partition, caughtUp) => tracker.setCaughtUp(partition, caughtUp),
  };
  const kafka = useKafka ? new KafkaIngest({ config, metrics, log: app.log, lifecycle }) : null;
  const live = kafka ? kafka.livePublisher : null;
  const tracker = new PodLifecycleTracker({
    tables: app.tables,
    reader: app.ch.reader,
    database: config.database,
    live,
    metrics,
    log: app.log.child({ module: 'lifecycle' }),
    vanishHeartbeats: config.vanishHeartbeats,
    defaultHeartbeatIntervalMs: config.defaultHeartbeatIntervalMs,
  });
  const pipeline = new IngestPipeline({
    tables: app.tables,
    metrics,
    live,
    lifecycle: tracker,
    liveOptions: { apdexThresholdMs: (svc) => apdexThresholdFor(config.api, svc) },
    limiter: new RowRateLimiter(config.ingestMaxRowsPerSec),
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

Object.assign(ingestPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'podtrail-ingest',
});

export default ingestPlugin;

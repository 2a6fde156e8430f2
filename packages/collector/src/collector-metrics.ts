import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of the collector's ingest side, on one registry per app (tests build many). */
export class CollectorMetrics {
  readonly registry = new Registry();
  readonly rows = new Counter({
    name: 'podtrail_ingest_rows_total',
    help: 'Rows inserted into ClickHouse, by table',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });
  readonly insertSeconds = new Histogram({
    name: 'podtrail_ingest_insert_seconds',
    help: 'Latency of one ClickHouse insert, by table',
    labelNames: ['table'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly batchSeconds = new Histogram({
    name: 'podtrail_ingest_batch_seconds',
    help: 'Kafka batch latency from fetch to commit, by topic',
    labelNames: ['topic'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly messages = new Counter({
    name: 'podtrail_ingest_messages_total',
    help: 'Kafka records consumed, by topic',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'podtrail_ingest_errors_total',
    help: 'Ingest errors (failed inserts, commits, publishes), by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly dropped = new Counter({
    name: 'podtrail_ingest_dropped_total',
    help: 'Items refused inside otherwise valid requests (invalid ids, timestamps), by signal and reason',
    labelNames: ['signal', 'reason'] as const,
    registers: [this.registry],
  });
  readonly deadLettered = new Counter({
    name: 'podtrail_ingest_dead_lettered_total',
    help: 'Kafka records sent to the dead-letter topic, by source topic and reason',
    labelNames: ['topic', 'reason'] as const,
    registers: [this.registry],
  });
  readonly lag = new Gauge({
    name: 'podtrail_kafka_consumer_lag',
    help: 'Records behind the high watermark per partition, as of the last batch',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });
  readonly storeUp = new Gauge({
    name: 'podtrail_store_up',
    help: '1 while ClickHouse inserts succeed, 0 while ingest is paused and retrying',
    registers: [this.registry],
  });
  readonly otlpRequests = new Counter({
    name: 'podtrail_otlp_requests_total',
    help: 'OTLP/HTTP requests, by signal and status code',
    labelNames: ['signal', 'code'] as const,
    registers: [this.registry],
  });
  readonly otlpInserts = new Counter({
    name: 'podtrail_otlp_inserts_total',
    help: 'ClickHouse inserts made for OTLP/HTTP requests (shared by requests arriving together), by table and result',
    labelNames: ['table', 'result'] as const,
    registers: [this.registry],
  });
  readonly otlpInsertParts = new Counter({
    name: 'podtrail_otlp_insert_parts_total',
    help: "OTLP/HTTP requests' rows for one table that went into those inserts, by table",
    labelNames: ['table'] as const,
    registers: [this.registry],
  });
  readonly otlpQueuedBytes = new Gauge({
    name: 'podtrail_otlp_insert_queued_bytes',
    help: 'Bytes of OTLP/HTTP rows waiting for an insert (bounded by PODTRAIL_OTLP_QUEUE_BYTES)',
    registers: [this.registry],
  });
  readonly livePublished = new Counter({
    name: 'podtrail_live_published_total',
    help: 'Records published to the live topic, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly transitions = new Counter({
    name: 'podtrail_lifecycle_transitions_total',
    help: 'Pod lifecycle transitions recorded, by transition',
    labelNames: ['transition'] as const,
    registers: [this.registry],
  });
  readonly spanPodsRegistered = new Counter({
    name: 'podtrail_lifecycle_span_pods_registered_total',
    help: 'Instances registered from their spans alone (no agent lifecycle events), by the state they were registered in (ended: a backlog older than the idle limit)',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly pendingSpanPods = new Gauge({
    name: 'podtrail_lifecycle_pending_span_pods',
    help: 'Span-only instances waiting for registration (grace period for their agent lifecycle events)',
    registers: [this.registry],
  });
  readonly pendingSpanPodsDropped = new Counter({
    name: 'podtrail_lifecycle_pending_span_pods_dropped_total',
    help: 'Span-only sightings not queued for registration because PODTRAIL_LIFECYCLE_MAX_PENDING_PODS was reached',
    registers: [this.registry],
  });
  readonly podLookups = new Counter({
    name: 'podtrail_lifecycle_pod_lookups_total',
    help: 'ClickHouse queries the lifecycle tracker ran to load pods it did not hold in memory (each for up to 5000 pods)',
    registers: [this.registry],
  });
  readonly timesClamped = new Counter({
    name: 'podtrail_lifecycle_times_clamped_total',
    help: 'Span times clamped before they became a pod first/last seen (past: older than PODTRAIL_LIFECYCLE_MAX_BACKLOG_MS, future: beyond PODTRAIL_LIFECYCLE_MAX_SKEW_MS)',
    labelNames: ['bound'] as const,
    registers: [this.registry],
  });

  constructor() {
    this.storeUp.set(1);
  }
}

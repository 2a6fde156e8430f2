import { Counter, Gauge, Histogram, Registry } from 'prom-client';
/** Prometheus metrics of the collector's ingest side, on one registry per app (tests build many). */
export class CollectorMetrics {
    registry = new Registry();
    rows = new Counter({
        name: 'podtrail_ingest_rows_total',
        help: 'Rows inserted into ClickHouse, by table',
        labelNames: ['table'],
        registers: [this.registry],
    });
    insertSeconds = new Histogram({
        name: 'podtrail_ingest_insert_seconds',
        help: 'Latency of one ClickHouse insert, by table',
        labelNames: ['table'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [this.registry],
    });
    batchSeconds = new Histogram({
        name: 'podtrail_ingest_batch_seconds',
        help: 'Kafka batch latency from fetch to commit, by topic',
        labelNames: ['topic'],
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [this.registry],
    });
    messages = new Counter({
        name: 'podtrail_ingest_messages_total',
        help: 'Kafka records consumed, by topic',
        labelNames: ['topic'],
        registers: [this.registry],
    });
    errors = new Counter({
        name: 'podtrail_ingest_errors_total',
        help: 'Ingest errors (failed inserts, commits, publishes), by kind',
        labelNames: ['kind'],
        registers: [this.registry],
    });
    dropped = new Counter({
        name: 'podtrail_ingest_dropped_total',
        help: 'Items refused inside otherwise valid requests (invalid ids, timestamps), by signal and reason',
        labelNames: ['signal', 'reason'],
        registers: [this.registry],
    });
    deadLettered = new Counter({
        name: 'podtrail_ingest_dead_lettered_total',
        help: 'Kafka records sent to the dead-letter topic, by source topic and reason',
        labelNames: ['topic', 'reason'],
        registers: [this.registry],
    });
    lag = new Gauge({
        name: 'podtrail_kafka_consumer_lag',
        help: 'Records behind the high watermark per partition, as of the last batch',
        labelNames: ['topic', 'partition'],
        registers: [this.registry],
    });
    storeUp = new Gauge({
        name: 'podtrail_store_up',
        help: '1 while ClickHouse inserts succeed, 0 while ingest is paused and retrying',
        registers: [this.registry],
    });
    otlpRequests = new Counter({
        name: 'podtrail_otlp_requests_total',
        help: 'OTLP/HTTP requests, by signal and status code',
        labelNames: ['signal', 'code'],
        registers: [this.registry],
    });
    livePublished = new Counter({
        name: 'podtrail_live_published_total',
        help: 'Records published to the live topic, by kind',
        labelNames: ['kind'],
        registers: [this.registry],
    });
    transitions = new Counter({
        name: 'podtrail_lifecycle_transitions_total',
        help: 'Pod lifecycle transitions recorded, by transition',
        labelNames: ['transition'],
        registers: [this.registry],
    });
    spanPodsRegistered = new Counter({
        name: 'podtrail_lifecycle_span_pods_registered_total',
        help: 'Instances registered from their spans alone (no agent lifecycle events), by the state they were registered in (ended: a backlog older than the idle limit)',
        labelNames: ['state'],
        registers: [this.registry],
    });
    pendingSpanPods = new Gauge({
        name: 'podtrail_lifecycle_pending_span_pods',
        help: 'Span-only instances waiting for registration (grace period for their agent lifecycle events)',
        registers: [this.registry],
    });
    pendingSpanPodsDropped = new Counter({
        name: 'podtrail_lifecycle_pending_span_pods_dropped_total',
        help: 'Span-only sightings not queued for registration because PODTRAIL_LIFECYCLE_MAX_PENDING_PODS was reached',
        registers: [this.registry],
    });
    podLookups = new Counter({
        name: 'podtrail_lifecycle_pod_lookups_total',
        help: 'ClickHouse queries the lifecycle tracker ran to load pods it did not hold in memory (each for up to 5000 pods)',
        registers: [this.registry],
    });
    timesClamped = new Counter({
        name: 'podtrail_lifecycle_times_clamped_total',
        help: 'Span times clamped before they became a pod first/last seen (past: older than PODTRAIL_LIFECYCLE_MAX_BACKLOG_MS, future: beyond PODTRAIL_LIFECYCLE_MAX_SKEW_MS)',
        labelNames: ['bound'],
        registers: [this.registry],
    });
    constructor() {
        this.storeUp.set(1);
    }
}
//# sourceMappingURL=collector-metrics.js.map
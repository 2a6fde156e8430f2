export { build } from './app.js';
export { CollectorMetrics } from './collector-metrics.js';
export { defaultConfig, loadConfig, } from './config.js';
export { API_ERRORS, ApiError, COLLECTOR_ERRORS, CollectorError, ConfigError } from './errors.js';
export { DLQ_HEADERS } from './ingest/dead-letters.js';
export { extractWorkload, identityFromAttributes } from './ingest/identity.js';
export { KafkaIngest } from './ingest/kafka-ingest.js';
export { IngestPipeline } from './ingest/pipeline.js';
export { dedupToken, formatIntent, parseIntent, planChunks } from './ingest/token.js';
export { PodLifecycleTracker } from './lifecycle/pod-lifecycle-tracker.js';
export { openStore } from './plugins/clickhouse.js';
export { migrate, migrateDown } from './store/migrate.js';
//# sourceMappingURL=index.js.map
export { type BuildOptions, build } from './app.js';
export { CollectorMetrics } from './collector-metrics.js';
export { type CollectorConfig, type CollectorConfigOptions, defaultConfig, loadConfig, type RetentionDays, } from './config.js';
export { API_ERRORS, ApiError, COLLECTOR_ERRORS, CollectorError, ConfigError } from './errors.js';
export { DLQ_HEADERS } from './ingest/dead-letters.js';
export { extractWorkload, identityFromAttributes, type PodIdentity } from './ingest/identity.js';
export type { DeadLetterReason } from './ingest/ingest-types.js';
export { KafkaIngest } from './ingest/kafka-ingest.js';
export { IngestPipeline } from './ingest/pipeline.js';
export { dedupToken, formatIntent, type Intent, parseIntent, planChunks } from './ingest/token.js';
export { PodLifecycleTracker } from './lifecycle/pod-lifecycle-tracker.js';
export { type ChHandle, openStore } from './plugins/clickhouse.js';
export { migrate, migrateDown } from './store/migrate.js';
//# sourceMappingURL=index.d.ts.map
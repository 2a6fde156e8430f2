import { type KafkaSecurity } from '@podtrail/contracts/kafka-security';
import { type ApiConfig } from './api-config.js';
/**
 * Collector configuration: option > environment > default, validated at boot; every problem
 * is reported at once with the variable (or option) name.
 *
 * | env | default | meaning |
 * |---|---|---|
 * | KAFKA_BROKERS | 127.0.0.1:19092 | comma-separated broker list |
 * | KAFKA_TLS, KAFKA_TLS_CA_FILE, KAFKA_TLS_INSECURE, KAFKA_SASL_MECHANISM / _USERNAME / _PASSWORD | (plaintext) | see `@podtrail/contracts/kafka-security`; the agent reads the same |
 * | PODTRAIL_TOPIC_SPANS / _METRICS / _LIFECYCLE / _DEADLETTER | podtrail.spans / .metrics / .lifecycle / .deadletter | topics |
 * | PODTRAIL_LIVE_TOPIC | podtrail.live | per-second aggregates + transitions for the live hub |
 * | PODTRAIL_TOPIC_PARTITIONS | 4 | partitions of the topics the collector creates when they are missing |
 * | PODTRAIL_TOPIC_REPLICATION | (3 with 3+ brokers, else 1) | replication factor of the topics the collector creates |
 * | PODTRAIL_TOPIC_MIN_INSYNC | (2 with 3+ brokers, else 1) | `min.insync.replicas` of the topics the collector creates |
 * | PODTRAIL_CONSUMER_GROUP | podtrail-collector | ingest consumer group |
 * | CLICKHOUSE_URL | (unset = embedded chDB) | ClickHouse server URL (http[s]://host:8123) |
 * | CLICKHOUSE_USER / CLICKHOUSE_PASSWORD | (client defaults) | server credentials |
 * | PODTRAIL_DATABASE | podtrail | database name |
 * | PODTRAIL_DATA_DIR | ./data | data directory; chDB lives in <dir>/chdb |
 * | PODTRAIL_HOST / PODTRAIL_PORT | 127.0.0.1 / 4318 | listen address (API, OTLP/HTTP receiver, UI) |
 * | PODTRAIL_BATCH_MAX_ROWS | 20000 | max rows per ClickHouse insert |
 * | PODTRAIL_BATCH_MAX_MS | 500 | max time the broker waits to fill a fetch (latency bound of a batch) |
 * | PODTRAIL_RETENTION_SPANS_DAYS | 7 | raw spans, trace index, logs |
 * | PODTRAIL_RETENTION_AGGREGATES_DAYS | 30 | tx_1s and tx_1m aggregates |
 * | PODTRAIL_RETENTION_LIFECYCLE_DAYS | 90 | lifecycle events, instances, pods, transitions |
 * | PODTRAIL_RETENTION_METRICS_DAYS | 30 | runtime metrics |
 * | PODTRAIL_MAX_BODY_BYTES | 16777216 | max OTLP/HTTP body (after gunzip) and max Kafka record |
 * | PODTRAIL_VANISH_HEARTBEATS | 3 | missed heartbeats before an instance counts as killed |
 * | PODTRAIL_HEARTBEAT_DEFAULT_MS | 10000 | heartbeat interval assumed when an agent does not say |
 * | PODTRAIL_LIFECYCLE_MAX_BACKLOG_MS | 604800000 (7 d) | span times older than ingest time minus this are clamped before they become a pod's first/last seen |
 * | PODTRAIL_LIFECYCLE_MAX_SKEW_MS | 300000 (5 min) | span times newer than ingest time plus this are clamped likewise |
 * | PODTRAIL_LIFECYCLE_MAX_PENDING_PODS | 100000 | span-only instances waiting for registration at most (beyond: counted, logged, offered again by their next spans) |
 * | CLICKHOUSE_CLUSTER | (unset) | create the schema `ON CLUSTER` this cluster, replicated, with `_dist` tables for reads (docs/deploy.md) |
 * | PODTRAIL_KAFKA_SESSION_TIMEOUT_MS | 30000 | consumer session timeout: how long a dead collector keeps its partitions |
 * | PODTRAIL_INGEST_STALL_MS | 30000 | stall watchdog: the consumer is restarted when its partitions have lag and no batch ran for this long |
 * | PODTRAIL_INGEST | on | `off` = API-only process (no Kafka consumer, no OTLP receiver) |
 * | PODTRAIL_INGEST_MAX_ROWS_PER_S | 100000 | catch-up bound: rows/s one process inserts at most (0 = unbounded) |
 * | PODTRAIL_UI_DIR | packages/ui/dist | static UI directory served at `/` when it exists |
 * | PODTRAIL_LOG_LEVEL | info | pino log level |
 *
 * API variables (auth, CORS, rate limit, Apdex, live hub): see `api-config.ts`.
 */
export interface CollectorConfig {
    brokers: string[];
    /** TLS and SASL towards the brokers */
    kafkaSecurity: KafkaSecurity;
    clientId: string;
    consumerGroup: string;
    topics: {
        spans: string;
        metrics: string;
        lifecycle: string;
        deadLetter: string;
    };
    liveTopic: string;
    /** partitions of the topics created at start-up when missing (existing topics are left alone) */
    topicPartitions: number;
    /** replication factor of the created topics; undefined: 3 when the cluster has 3+ brokers, else 1 */
    topicReplication: number | undefined;
    /** `min.insync.replicas` of the created topics; undefined: 2 when the cluster has 3+ brokers, else 1 */
    topicMinInsync: number | undefined;
    clickhouseUrl: string | undefined;
    clickhouseUser: string | undefined;
    clickhousePassword: string | undefined;
    database: string;
    dataDir: string;
    /** embedded chDB data path (`<dataDir>/chdb`) */
    chdbPath: string;
    host: string;
    port: number;
    batchMaxRows: number;
    batchMaxMs: number;
    retention: RetentionDays;
    maxBodyBytes: number;
    vanishHeartbeats: number;
    defaultHeartbeatIntervalMs: number;
    /** clock guard of span times used for lifecycles (see lifecycle/event-time-guard.ts) */
    lifecycleMaxBacklogMs: number;
    lifecycleMaxSkewMs: number;
    lifecycleMaxPendingPods: number;
    /** ClickHouse cluster the schema is created on (undefined: one node) */
    clickhouseCluster: string | undefined;
    kafkaSessionTimeoutMs: number;
    ingestStallMs: number;
    ingest: boolean;
    ingestMaxRowsPerSec: number;
    uiDir: string;
    logLevel: string;
    api: ApiConfig;
}
export interface RetentionDays {
    spans: number;
    aggregates: number;
    lifecycle: number;
    metrics: number;
}
export type CollectorConfigOptions = Partial<Omit<CollectorConfig, 'topics' | 'retention' | 'api'>> & {
    topics?: Partial<CollectorConfig['topics']>;
    retention?: Partial<RetentionDays>;
    api?: Partial<ApiConfig>;
};
export declare function defaultConfig(): Omit<CollectorConfig, 'api' | 'chdbPath'>;
/** Loads and validates the configuration. Throws ConfigError listing every problem. */
export declare function loadConfig(options?: CollectorConfigOptions, env?: NodeJS.ProcessEnv): CollectorConfig;
//# sourceMappingURL=config.d.ts.map
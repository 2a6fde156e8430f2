import { resolve } from 'node:path';
import { DEFAULT_TOPICS, LIVE_TOPIC } from '@podtrail/contracts';
import { type KafkaSecurity, readKafkaSecurity } from '@podtrail/contracts/kafka-security';
// ---- API config hook (owned by the API engineer: src/api-config.ts) --------------------------
// The API side (auth, CORS, rate limit, Apdex, live hub) keeps its own loader; it is merged here so
// one `loadConfig()` validates everything at boot and reports every error at once.
import { type ApiConfig, ApiConfigError, loadApiConfig } from './api-config.js';
// ----------------------------------------------------------------------------------------------
import { ConfigError } from './errors.js';
import { type ChdbEngineLimits, DEFAULT_CHDB_LIMITS } from './store/chdb-engine.js';

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
 * | PODTRAIL_CHDB_MAX_MEMORY_MB | 2048 | embedded chDB: memory limit of the engine (`max_server_memory_usage`; a query beyond it fails) |
 * | PODTRAIL_CHDB_CACHE_MB | 128 | embedded chDB: size of each engine cache (marks, primary index, index marks, ...; a server's default is 5 GiB each) |
 * | PODTRAIL_CHDB_ARGS | (none) | embedded chDB: more engine arguments, space-separated `--name=value` (`clickhouse local` form) |
 * | PODTRAIL_HOST / PODTRAIL_PORT | 127.0.0.1 / 4318 | listen address (API, OTLP/HTTP receiver, UI) |
 * | PODTRAIL_BATCH_MAX_ROWS | 20000 | max rows per ClickHouse insert |
 * | PODTRAIL_BATCH_MAX_MS | 500 | max time the broker waits to fill a fetch (latency bound of a batch) |
 * | PODTRAIL_RETENTION_SPANS_DAYS | 7 | raw spans, trace index, logs |
 * | PODTRAIL_RETENTION_AGGREGATES_DAYS | 30 | tx_1s, tx_1m and tx_pod_1h aggregates |
 * | PODTRAIL_RETENTION_LIFECYCLE_DAYS | 90 | lifecycle events, instances, pods, transitions |
 * | PODTRAIL_RETENTION_METRICS_DAYS | 30 | runtime metrics |
 * | PODTRAIL_MAX_BODY_BYTES | 16777216 | max OTLP/HTTP body (after gunzip) and max Kafka record |
 * | PODTRAIL_VANISH_HEARTBEATS | 3 | missed heartbeats before an instance counts as killed |
 * | PODTRAIL_HEARTBEAT_DEFAULT_MS | 10000 | heartbeat interval assumed when an agent does not say |
 * | PODTRAIL_LIFECYCLE_MAX_BACKLOG_MS | 604800000 (7 d) | span times older than ingest time minus this are clamped before they become a pod's first/last seen |
 * | PODTRAIL_LIFECYCLE_MAX_SKEW_MS | 300000 (5 min) | span times newer than ingest time plus this are clamped likewise |
 * | PODTRAIL_LIFECYCLE_FORGET_ENDED_MS | 600000 (10 min) | an ended pod and its instances leave the lifecycle tracker's memory this long after they were last heard of (they stay in the store) |
 * | PODTRAIL_LIFECYCLE_MAX_PENDING_PODS | 100000 | span-only instances waiting for registration at most (beyond: counted, logged, offered again by their next spans) |
 * | CLICKHOUSE_CLUSTER | (unset) | create the schema `ON CLUSTER` this cluster, replicated, with `_dist` tables for reads (docs/deploy.md) |
 * | PODTRAIL_KAFKA_SESSION_TIMEOUT_MS | 30000 | consumer session timeout: how long a dead collector keeps its partitions |
 * | PODTRAIL_INGEST_STALL_MS | 30000 | stall watchdog: the consumer is restarted when its partitions have lag and no batch ran for this long |
 * | PODTRAIL_INGEST | on | `off` = API-only process (no Kafka consumer, no OTLP receiver) |
 * | PODTRAIL_INGEST_MAX_ROWS_PER_S | 100000 | catch-up bound: rows/s one process inserts at most (0 = unbounded) |
 * | PODTRAIL_OTLP_COALESCE_MS | 5 | OTLP/HTTP requests arriving within this many ms share one insert per table (ingest/insert-coalescer.ts) |
 * | PODTRAIL_OTLP_QUEUE_BYTES | 67108864 | OTLP/HTTP rows waiting for an insert at most; beyond, requests get 429 with Retry-After |
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
  topics: { spans: string; metrics: string; lifecycle: string; deadLetter: string };
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
  /** an ended pod leaves the tracker's memory this long after it was last heard of */
  lifecycleForgetEndedMs: number;
  /** embedded chDB's memory limit and cache sizes (store/chdb-engine.ts) */
  chdbLimits: ChdbEngineLimits;
  /** ClickHouse cluster the schema is created on (undefined: one node) */
  clickhouseCluster: string | undefined;
  kafkaSessionTimeoutMs: number;
  ingestStallMs: number;
  ingest: boolean;
  ingestMaxRowsPerSec: number;
  /** how long an OTLP/HTTP request's rows wait for others to share their insert */
  otlpCoalesceMs: number;
  /** bytes of OTLP/HTTP rows waiting for an insert at most (beyond: 429) */
  otlpQueueBytes: number;
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

const DEFAULT_UI_DIR = resolve(new URL('.', import.meta.url).pathname, '../../ui/dist');

export function defaultConfig(): Omit<CollectorConfig, 'api' | 'chdbPath'> {
  return {
    brokers: ['127.0.0.1:19092'],
    kafkaSecurity: {},
    clientId: 'podtrail-collector',
    consumerGroup: 'podtrail-collector',
    topics: { ...DEFAULT_TOPICS },
    liveTopic: LIVE_TOPIC,
    topicPartitions: 4,
    topicReplication: undefined,
    topicMinInsync: undefined,
    clickhouseUrl: undefined,
    clickhouseUser: undefined,
    clickhousePassword: undefined,
    database: 'podtrail',
    dataDir: './data',
    host: '127.0.0.1',
    port: 4318,
    batchMaxRows: 20_000,
    batchMaxMs: 500,
    retention: { spans: 7, aggregates: 30, lifecycle: 90, metrics: 30 },
    maxBodyBytes: 16 * 1024 * 1024,
    vanishHeartbeats: 3,
    defaultHeartbeatIntervalMs: 10_000,
    lifecycleMaxBacklogMs: 7 * 24 * 3_600_000,
    lifecycleMaxSkewMs: 300_000,
    lifecycleMaxPendingPods: 100_000,
    lifecycleForgetEndedMs: 600_000,
    chdbLimits: DEFAULT_CHDB_LIMITS,
    clickhouseCluster: undefined,
    kafkaSessionTimeoutMs: 30_000,
    ingestStallMs: 30_000,
    ingest: true,
    ingestMaxRowsPerSec: 100_000,
    otlpCoalesceMs: 5,
    otlpQueueBytes: 64 * 1024 * 1024,
    uiDir: DEFAULT_UI_DIR,
    logLevel: 'info',
  };
}

const TOPIC_RE = /^[A-Za-z0-9._-]{1,249}$/;
const DB_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Loads and validates the configuration. Throws ConfigError listing every problem. */
export function loadConfig(
  options: CollectorConfigOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): CollectorConfig {
  const errors: string[] = [];
  const d = defaultConfig();

  const str = (opt: string | undefined, name: string, def: string): string => {
    if (opt !== undefined) return opt;
    const raw = env[name];
    return raw !== undefined && raw.trim() !== '' ? raw.trim() : def;
  };
  const optStr = (opt: string | undefined, name: string): string | undefined => {
    if (opt !== undefined) return opt || undefined;
    const raw = env[name];
    return raw !== undefined && raw.trim() !== '' ? raw.trim() : undefined;
  };
  const int = (opt: number | undefined, name: string, def: number, min: number, max: number): number => {
    let v: number;
    if (opt !== undefined) v = opt;
    else {
      const raw = env[name];
      if (raw === undefined || raw.trim() === '') return def;
      if (!/^-?\d+$/.test(raw.trim())) {
        errors.push(`${name} must be an integer, got ${JSON.stringify(raw)}`);
        return def;
      }
      v = Number(raw.trim());
    }
    if (!Number.isInteger(v) || v < min || v > max) {
      errors.push(`${name} must be an integer between ${min} and ${max}, got ${v}`);
      return def;
    }
    return v;
  };
  const onOff = (opt: boolean | undefined, name: string, def: boolean): boolean => {
    if (opt !== undefined) return opt;
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return def;
    if (['on', '1', 'true', 'yes'].includes(raw)) return true;
    if (['off', '0', 'false', 'no'].includes(raw)) return false;
    errors.push(`${name} must be on or off, got ${JSON.stringify(env[name])}`);
    return def;
  };
  const topic = (opt: string | undefined, name: string, def: string): string => {
    const v = str(opt, name, def);
    if (!TOPIC_RE.test(v))
      errors.push(`${name} must be a Kafka topic name ([A-Za-z0-9._-], 1..249), got ${JSON.stringify(v)}`);
    return v;
  };

  const brokersRaw = options.brokers ?? str(undefined, 'KAFKA_BROKERS', d.brokers.join(',')).split(',');
  const brokers = brokersRaw.map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) errors.push('KAFKA_BROKERS must list at least one host:port');
  for (const b of brokers)
    if (!/^[^\s:/]+:\d{1,5}$/.test(b)) errors.push(`KAFKA_BROKERS entry ${JSON.stringify(b)} must be host:port`);

  const topics = {
    spans: topic(options.topics?.spans, 'PODTRAIL_TOPIC_SPANS', d.topics.spans),
    metrics: topic(options.topics?.metrics, 'PODTRAIL_TOPIC_METRICS', d.topics.metrics),
    lifecycle: topic(options.topics?.lifecycle, 'PODTRAIL_TOPIC_LIFECYCLE', d.topics.lifecycle),
    deadLetter: topic(options.topics?.deadLetter, 'PODTRAIL_TOPIC_DEADLETTER', d.topics.deadLetter),
  };
  const liveTopic = topic(options.liveTopic, 'PODTRAIL_LIVE_TOPIC', d.liveTopic);
  const names = [topics.spans, topics.metrics, topics.lifecycle, topics.deadLetter, liveTopic];
  if (new Set(names).size !== names.length) errors.push('PODTRAIL_TOPIC_* and PODTRAIL_LIVE_TOPIC must be distinct');

  const topicPartitions = int(options.topicPartitions, 'PODTRAIL_TOPIC_PARTITIONS', d.topicPartitions, 1, 10_000);
  // unset = chosen from the cluster's size when the topics are created (kafka/index.ts)
  const optInt = (opt: number | undefined, name: string, min: number, max: number): number | undefined => {
    const v = int(opt, name, -1, min, max);
    return v === -1 ? undefined : v;
  };
  const topicReplication = optInt(options.topicReplication, 'PODTRAIL_TOPIC_REPLICATION', 1, 32);
  const topicMinInsync = optInt(options.topicMinInsync, 'PODTRAIL_TOPIC_MIN_INSYNC', 1, 32);
  if (topicReplication !== undefined && topicMinInsync !== undefined && topicMinInsync > topicReplication)
    errors.push(
      `PODTRAIL_TOPIC_MIN_INSYNC (${topicMinInsync}) must not exceed PODTRAIL_TOPIC_REPLICATION (${topicReplication})`,
    );

  const consumerGroup = str(options.consumerGroup, 'PODTRAIL_CONSUMER_GROUP', d.consumerGroup);
  if (!/^[A-Za-z0-9._-]{1,255}$/.test(consumerGroup))
    errors.push(`PODTRAIL_CONSUMER_GROUP must match [A-Za-z0-9._-]{1,255}, got ${JSON.stringify(consumerGroup)}`);
  const clientId = str(options.clientId, 'PODTRAIL_CLIENT_ID', d.clientId);
  let kafkaSecurity = options.kafkaSecurity;
  if (!kafkaSecurity) {
    const read = readKafkaSecurity(env);
    errors.push(...read.errors);
    kafkaSecurity = read.security;
  }

  const clickhouseUrl = optStr(options.clickhouseUrl, 'CLICKHOUSE_URL');
  if (clickhouseUrl !== undefined) {
    try {
      const u = new URL(clickhouseUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    } catch {
      errors.push(`CLICKHOUSE_URL must be an http(s) URL, got ${JSON.stringify(clickhouseUrl)}`);
    }
  }
  const clickhouseUser = optStr(options.clickhouseUser, 'CLICKHOUSE_USER');
  const clickhousePassword = optStr(options.clickhousePassword, 'CLICKHOUSE_PASSWORD');
  const database = str(options.database, 'PODTRAIL_DATABASE', d.database);
  if (!DB_RE.test(database))
    errors.push(`PODTRAIL_DATABASE must match ${DB_RE.source}, got ${JSON.stringify(database)}`);
  const dataDir = resolve(str(options.dataDir, 'PODTRAIL_DATA_DIR', d.dataDir));
  const chdbPath = options.chdbPath ?? resolve(dataDir, 'chdb');

  const host = str(options.host, 'PODTRAIL_HOST', d.host);
  const port = int(options.port, 'PODTRAIL_PORT', d.port, 0, 65535);
  const batchMaxRows = int(options.batchMaxRows, 'PODTRAIL_BATCH_MAX_ROWS', d.batchMaxRows, 1, 1_000_000);
  const batchMaxMs = int(options.batchMaxMs, 'PODTRAIL_BATCH_MAX_MS', d.batchMaxMs, 1, 60_000);
  const retention: RetentionDays = {
    spans: int(options.retention?.spans, 'PODTRAIL_RETENTION_SPANS_DAYS', d.retention.spans, 1, 3650),
    aggregates: int(
      options.retention?.aggregates,
      'PODTRAIL_RETENTION_AGGREGATES_DAYS',
      d.retention.aggregates,
      1,
      3650,
    ),
    lifecycle: int(options.retention?.lifecycle, 'PODTRAIL_RETENTION_LIFECYCLE_DAYS', d.retention.lifecycle, 1, 3650),
    metrics: int(options.retention?.metrics, 'PODTRAIL_RETENTION_METRICS_DAYS', d.retention.metrics, 1, 3650),
  };
  const maxBodyBytes = int(options.maxBodyBytes, 'PODTRAIL_MAX_BODY_BYTES', d.maxBodyBytes, 1024, 1024 * 1024 * 1024);
  const vanishHeartbeats = int(options.vanishHeartbeats, 'PODTRAIL_VANISH_HEARTBEATS', d.vanishHeartbeats, 1, 100);
  const defaultHeartbeatIntervalMs = int(
    options.defaultHeartbeatIntervalMs,
    'PODTRAIL_HEARTBEAT_DEFAULT_MS',
    d.defaultHeartbeatIntervalMs,
    100,
    3_600_000,
  );
  const lifecycleMaxBacklogMs = int(
    options.lifecycleMaxBacklogMs,
    'PODTRAIL_LIFECYCLE_MAX_BACKLOG_MS',
    d.lifecycleMaxBacklogMs,
    60_000,
    3650 * 24 * 3_600_000,
  );
  const lifecycleMaxSkewMs = int(
    options.lifecycleMaxSkewMs,
    'PODTRAIL_LIFECYCLE_MAX_SKEW_MS',
    d.lifecycleMaxSkewMs,
    0,
    24 * 3_600_000,
  );
  const lifecycleMaxPendingPods = int(
    options.lifecycleMaxPendingPods,
    'PODTRAIL_LIFECYCLE_MAX_PENDING_PODS',
    d.lifecycleMaxPendingPods,
    1,
    10_000_000,
  );
  const lifecycleForgetEndedMs = int(
    options.lifecycleForgetEndedMs,
    'PODTRAIL_LIFECYCLE_FORGET_ENDED_MS',
    d.lifecycleForgetEndedMs,
    1_000,
    86_400_000,
  );
  const chdbArgs = optStr(undefined, 'PODTRAIL_CHDB_ARGS')?.split(/\s+/).filter(Boolean) ?? [];
  for (const a of chdbArgs)
    if (!/^--[A-Za-z0-9_.]+=\S+$/.test(a))
      errors.push(`PODTRAIL_CHDB_ARGS entry ${JSON.stringify(a)} must be --name=value`);
  const chdbLimits: ChdbEngineLimits = options.chdbLimits ?? {
    maxMemoryMb: int(undefined, 'PODTRAIL_CHDB_MAX_MEMORY_MB', d.chdbLimits.maxMemoryMb, 256, 1_048_576),
    cacheMb: int(undefined, 'PODTRAIL_CHDB_CACHE_MB', d.chdbLimits.cacheMb, 0, 65_536),
    extraArgs: chdbArgs,
  };
  const clickhouseCluster = optStr(options.clickhouseCluster, 'CLICKHOUSE_CLUSTER');
  if (clickhouseCluster !== undefined && clickhouseUrl === undefined)
    errors.push('CLICKHOUSE_CLUSTER needs CLICKHOUSE_URL (embedded chDB is one node)');
  if (clickhouseCluster !== undefined && !/^[A-Za-z0-9_.{}-]{1,128}$/.test(clickhouseCluster))
    errors.push(
      `CLICKHOUSE_CLUSTER must be a cluster name ([A-Za-z0-9_.-] or a {macro}), got ${JSON.stringify(clickhouseCluster)}`,
    );
  const kafkaSessionTimeoutMs = int(
    options.kafkaSessionTimeoutMs,
    'PODTRAIL_KAFKA_SESSION_TIMEOUT_MS',
    d.kafkaSessionTimeoutMs,
    6_000,
    300_000,
  );
  const ingestStallMs = int(options.ingestStallMs, 'PODTRAIL_INGEST_STALL_MS', d.ingestStallMs, 1_000, 3_600_000);
  const ingest = onOff(options.ingest, 'PODTRAIL_INGEST', d.ingest);
  const ingestMaxRowsPerSec = int(
    options.ingestMaxRowsPerSec,
    'PODTRAIL_INGEST_MAX_ROWS_PER_S',
    d.ingestMaxRowsPerSec,
    0,
    100_000_000,
  );
  const otlpCoalesceMs = int(options.otlpCoalesceMs, 'PODTRAIL_OTLP_COALESCE_MS', d.otlpCoalesceMs, 0, 1_000);
  const otlpQueueBytes = int(
    options.otlpQueueBytes,
    'PODTRAIL_OTLP_QUEUE_BYTES',
    d.otlpQueueBytes,
    1024 * 1024,
    4 * 1024 * 1024 * 1024,
  );
  const uiDir = resolve(str(options.uiDir, 'PODTRAIL_UI_DIR', d.uiDir));
  const logLevel = str(options.logLevel, 'PODTRAIL_LOG_LEVEL', d.logLevel);
  if (!LOG_LEVELS.includes(logLevel)) errors.push(`PODTRAIL_LOG_LEVEL must be one of ${LOG_LEVELS.join('/')}`);

  let api: ApiConfig | undefined;
  try {
    api = loadApiConfig(env, options.api ?? {}, host);
  } catch (err) {
    if (err instanceof ApiConfigError) errors.push(...err.errors);
    else throw err;
  }

  if (errors.length > 0 || !api) throw new ConfigError(errors);
  return {
    brokers,
    kafkaSecurity,
    clientId,
    consumerGroup,
    topics,
    liveTopic,
    topicPartitions,
    topicReplication,
    topicMinInsync,
    clickhouseUrl,
    clickhouseUser,
    clickhousePassword,
    database,
    dataDir,
    chdbPath,
    host,
    port,
    batchMaxRows,
    batchMaxMs,
    retention,
    maxBodyBytes,
    vanishHeartbeats,
    defaultHeartbeatIntervalMs,
    lifecycleMaxBacklogMs,
    lifecycleMaxSkewMs,
    lifecycleMaxPendingPods,
    lifecycleForgetEndedMs,
    chdbLimits,
    clickhouseCluster,
    kafkaSessionTimeoutMs,
    ingestStallMs,
    ingest,
    ingestMaxRowsPerSec,
    otlpCoalesceMs,
    otlpQueueBytes,
    uiDir,
    logLevel,
    api,
  };
}

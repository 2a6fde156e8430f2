import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_TOPICS } from '@podtrail/contracts/constants';
import { type KafkaSecurity, readKafkaSecurity } from '@podtrail/contracts/kafka-security';
import { parseUrlRule } from './sdk/url-template.js';

export type ExportMode = 'kafka' | 'otlp-http';

/** Options for `start()`. Each one overrides its environment variable; unset means env, then default. */
export interface AgentOptions {
  /** PODTRAIL_SERVICE_NAME, then OTEL_SERVICE_NAME, then package.json name, then 'unknown_service' */
  serviceName?: string;
  /** PODTRAIL_SERVICE_VERSION, then package.json version */
  serviceVersion?: string;
  /** KAFKA_BROKERS, comma separated host:port; default 127.0.0.1:19092 */
  kafkaBrokers?: string | string[];
  /** PODTRAIL_TOPIC_SPANS / _METRICS / _LIFECYCLE */
  topics?: Partial<Record<'spans' | 'metrics' | 'lifecycle', string>>;
  /** PODTRAIL_EXPORT: 'kafka' (default) or 'otlp-http' */
  export?: ExportMode;
  /** PODTRAIL_KAFKA_COMPRESSION: 'gzip' (default) or 'none' */
  kafkaCompression?: 'gzip' | 'none';
  /** KAFKA_TLS, KAFKA_TLS_CA_FILE, KAFKA_TLS_INSECURE, KAFKA_SASL_MECHANISM / _USERNAME / _PASSWORD */
  kafkaSecurity?: KafkaSecurity;
  /** PODTRAIL_OTLP_ENDPOINT: base URL of the collector's OTLP/HTTP receiver (otlp-http mode) */
  otlpEndpoint?: string;
  /** PODTRAIL_OTLP_TOKEN: bearer token for the OTLP/HTTP receiver */
  otlpToken?: string;
  /** PODTRAIL_SAMPLE_RATIO: 0..1, parent-based; default 1 */
  sampleRatio?: number;
  /** PODTRAIL_FLUSH_DEADLINE_MS: time allowed to flush at stop or crash; default 5000, must be < 30000 */
  flushDeadlineMs?: number;
  /** PODTRAIL_HEARTBEAT_MS: heartbeat interval; default 5000 */
  heartbeatMs?: number;
  /** PODTRAIL_METRICS_INTERVAL_MS: runtime metrics export interval; default 5000 */
  metricsIntervalMs?: number;
  /** PODTRAIL_GC_SAMPLE_RATIO: 0..1, fraction of each metrics interval during which GC pauses are observed; default 0.1 */
  gcSampleRatio?: number;
  /** PODTRAIL_BATCH_DELAY_MS: span batch delay; default 250 (the live board counts a request ~1 s after it ended) */
  batchDelayMs?: number;
  /** PODTRAIL_BATCH_MAX_SPANS: spans per export request (one Kafka record); default 1024 */
  batchMaxSpans?: number;
  /** PODTRAIL_BUFFER_MAX_BYTES: bytes kept while the transport is unreachable; default 16 MiB */
  bufferMaxBytes?: number;
  /** PODTRAIL_LOG_LINES: console/log lines kept for stop and crash events; default 200 (0 turns capture off) */
  logLines?: number;
  /** PODTRAIL_LOGS: ship what the app writes (stdout/stderr, console, pino/winston/bunyan) as OTLP logs; default true */
  logs?: boolean;
  /** PODTRAIL_LOG_FLUSH_MS: longest time a captured line waits before it is sent; default 1000 */
  logFlushMs?: number;
  /** PODTRAIL_LOG_MAX_LINES_PER_SEC: lines shipped per second (per process); beyond it lines are dropped and counted; default 1000 */
  logMaxLinesPerSec?: number;
  /** PODTRAIL_LOG_MAX_BYTES_PER_SEC: bytes shipped per second (per process), same rule; default 1 MiB */
  logMaxBytesPerSec?: number;
  /** PODTRAIL_LOG_MAX_LINE_BYTES: longer lines are cut to this (marked podtrail.log.truncated); default 16 KiB */
  logMaxLineBytes?: number;
  /** PODTRAIL_INFLIGHT_SNAPSHOT_MS: heartbeats list the transactions running at least this long; default 1000 */
  inFlightSnapshotMs?: number;
  /** PODTRAIL_DISABLED: true turns the agent off */
  disabled?: boolean;
  /** PODTRAIL_DEBUG: true prints the agent's own diagnostics (connection errors, Kafka retries) to stderr */
  debug?: boolean;
  /**
   * PODTRAIL_HTTP_SERVER: 'lean' (default) traces incoming requests with the agent's own lean
   * node:http server path; 'otel' uses the stock @opentelemetry/instrumentation-http for them too
   */
  httpServer?: 'lean' | 'otel';
  /** PODTRAIL_IGNORE_PATHS: comma-separated request paths that get no span (health probes) */
  ignorePaths?: string[];
  /**
   * PODTRAIL_URL_TEMPLATES: comma-separated rules naming transactions without a framework route,
   * e.g. `/api/users/:id/orders/:orderId` (`*` as the last segment matches the rest)
   */
  urlTemplates?: string[];
  /** PODTRAIL_MAX_TRANSACTION_NAMES: distinct URL-template names kept; default 500 (beyond it `/…`) */
  maxTransactionNames?: number;
  /** PODTRAIL_HANDLE_SIGNALS: flush and report on SIGTERM/SIGINT and crashes; default true */
  handleSignals?: boolean;
}

export interface AgentConfig {
  serviceName: string;
  serviceVersion: string | undefined;
  kafkaBrokers: string[];
  topics: { spans: string; metrics: string; lifecycle: string };
  export: ExportMode;
  kafkaCompression: 'gzip' | 'none';
  kafkaSecurity: KafkaSecurity;
  otlpEndpoint: string | undefined;
  otlpToken: string | undefined;
  sampleRatio: number;
  flushDeadlineMs: number;
  heartbeatMs: number;
  metricsIntervalMs: number;
  gcSampleRatio: number;
  batchDelayMs: number;
  batchMaxSpans: number;
  bufferMaxBytes: number;
  logLines: number;
  logs: LogShippingConfig;
  inFlightSnapshotMs: number;
  disabled: boolean;
  debug: boolean;
  handleSignals: boolean;
  httpServer: 'lean' | 'otel';
  ignorePaths: string[];
  urlTemplates: string[];
  maxTransactionNames: number;
}

export const DEFAULTS = {
  kafkaBrokers: '127.0.0.1:19092',
  export: 'kafka' as ExportMode,
  sampleRatio: 1,
  flushDeadlineMs: 5000,
  heartbeatMs: 5000,
  metricsIntervalMs: 5000,
  gcSampleRatio: 0.1,
  batchDelayMs: 250,
  batchMaxSpans: 1024,
  bufferMaxBytes: 16 * 1024 * 1024,
  logLines: 200,
  logFlushMs: 1000,
  logMaxLinesPerSec: 1000,
  logMaxBytesPerSec: 1024 * 1024,
  logMaxLineBytes: 16 * 1024,
  inFlightSnapshotMs: 1000,
  maxTransactionNames: 500,
} as const;

/** Kubernetes' default termination grace period; the flush deadline must fit inside it. */
export const K8S_GRACE_MS = 30_000;

export type ConfigResult = { ok: true; config: AgentConfig } | { ok: false; errors: string[] };

type Env = Record<string, string | undefined>;

const TOPIC_RE = /^[a-zA-Z0-9._-]{1,249}$/;
/** settings that accept a KiB/MiB suffix */
const BYTE_FIELDS = new Set(['bufferMaxBytes', 'logMaxBytesPerSec', 'logMaxLineBytes']);

export interface LogShippingConfig {
  enabled: boolean;
  flushMs: number;
  maxLinesPerSec: number;
  maxBytesPerSec: number;
  maxLineBytes: number;
}

/** option > env > default, every setting validated; returns all errors at once. */
export function resolveConfig(options: AgentOptions = {}, env: Env = process.env): ConfigResult {
  const errors: string[] = [];
  const str = (opt: string | undefined, ...keys: string[]): string | undefined => {
    if (opt !== undefined) return opt;
    for (const k of keys) {
      const v = env[k];
      if (v !== undefined && v.trim() !== '') return v.trim();
    }
    return undefined;
  };

  const num = (
    field: string,
    opt: number | undefined,
    envKey: string,
    def: number,
    check: { min: number; max?: number; integer?: boolean; maxExclusive?: boolean },
  ): number => {
    let v: number = def;
    let shown: string = String(def);
    if (opt !== undefined) {
      v = opt;
      shown = String(opt);
    } else if (env[envKey] !== undefined && env[envKey]!.trim() !== '') {
      shown = env[envKey]!.trim();
      v = BYTE_FIELDS.has(field) ? parseBytes(shown) : Number(shown);
    }
    const name = opt !== undefined ? field : envKey;
    const range =
      check.max === undefined
        ? `>= ${check.min}`
        : check.maxExclusive
          ? `in [${check.min}, ${check.max})`
          : `in [${check.min}, ${check.max}]`;
    if (
      !Number.isFinite(v) ||
      (check.integer && !Number.isInteger(v)) ||
      v < check.min ||
      (check.max !== undefined && (check.maxExclusive ? v >= check.max : v > check.max))
    ) {
      errors.push(
        `${name} must be ${check.integer ? 'an integer' : 'a number'} ${range} (got ${JSON.stringify(shown)})`,
      );
      return def;
    }
    return v;
  };

  const bool = (field: string, opt: boolean | undefined, envKey: string, def: boolean): boolean => {
    if (opt !== undefined) return opt;
    const raw = env[envKey]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return def;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    errors.push(`${envKey} must be true or false (got ${JSON.stringify(env[envKey])})`);
    void field;
    return def;
  };

  const disabled = bool('disabled', options.disabled, 'PODTRAIL_DISABLED', false);
  const debug = bool('debug', options.debug, 'PODTRAIL_DEBUG', false);
  const handleSignals = bool('handleSignals', options.handleSignals, 'PODTRAIL_HANDLE_SIGNALS', true);

  const pkg = readPackageJson();
  const serviceName =
    str(options.serviceName, 'PODTRAIL_SERVICE_NAME', 'OTEL_SERVICE_NAME') ?? pkg?.name ?? 'unknown_service';
  const serviceVersion = str(options.serviceVersion, 'PODTRAIL_SERVICE_VERSION') ?? pkg?.version;

  const brokersRaw = options.kafkaBrokers ?? str(undefined, 'KAFKA_BROKERS') ?? DEFAULTS.kafkaBrokers;
  const kafkaBrokers = (Array.isArray(brokersRaw) ? brokersRaw : brokersRaw.split(','))
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const brokersName = options.kafkaBrokers !== undefined ? 'kafkaBrokers' : 'KAFKA_BROKERS';
  if (kafkaBrokers.length === 0) errors.push(`${brokersName} must list at least one host:port`);
  for (const b of kafkaBrokers) {
    const m = /^(.+):(\d{1,5})$/.exec(b);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535)
      errors.push(`${brokersName} entries must be host:port (got ${JSON.stringify(b)})`);
  }

  const topic = (kind: 'spans' | 'metrics' | 'lifecycle', envKey: string): string => {
    const v = str(options.topics?.[kind], envKey) ?? DEFAULT_TOPICS[kind];
    if (!TOPIC_RE.test(v)) {
      errors.push(
        `${options.topics?.[kind] !== undefined ? `topics.${kind}` : envKey} must be a Kafka topic name [a-zA-Z0-9._-] (got ${JSON.stringify(v)})`,
      );
    }
    return v;
  };
  const topics = {
    spans: topic('spans', 'PODTRAIL_TOPIC_SPANS'),
    metrics: topic('metrics', 'PODTRAIL_TOPIC_METRICS'),
    lifecycle: topic('lifecycle', 'PODTRAIL_TOPIC_LIFECYCLE'),
  };

  const exportRaw = str(options.export, 'PODTRAIL_EXPORT') ?? DEFAULTS.export;
  let exportMode: ExportMode = DEFAULTS.export;
  if (exportRaw === 'kafka' || exportRaw === 'otlp-http') exportMode = exportRaw;
  else
    errors.push(
      `${options.export !== undefined ? 'export' : 'PODTRAIL_EXPORT'} must be kafka or otlp-http (got ${JSON.stringify(exportRaw)})`,
    );

  // Kafka security settings only matter (and are only checked) when exporting to Kafka.
  let kafkaSecurity: KafkaSecurity = options.kafkaSecurity ?? {};
  if (!options.kafkaSecurity && exportMode === 'kafka') {
    const read = readKafkaSecurity(env);
    errors.push(...read.errors);
    kafkaSecurity = read.security;
  }
  const compressionRaw = str(options.kafkaCompression, 'PODTRAIL_KAFKA_COMPRESSION') ?? 'gzip';
  const kafkaCompression = compressionRaw === 'none' ? 'none' : 'gzip';
  if (compressionRaw !== 'gzip' && compressionRaw !== 'none')
    errors.push(
      `${options.kafkaCompression !== undefined ? 'kafkaCompression' : 'PODTRAIL_KAFKA_COMPRESSION'} must be gzip or none (got ${JSON.stringify(compressionRaw)})`,
    );

  const httpServerRaw = str(options.httpServer, 'PODTRAIL_HTTP_SERVER') ?? 'lean';
  const httpServer = httpServerRaw === 'otel' ? 'otel' : 'lean';
  if (httpServerRaw !== 'lean' && httpServerRaw !== 'otel')
    errors.push(
      `${options.httpServer !== undefined ? 'httpServer' : 'PODTRAIL_HTTP_SERVER'} must be lean or otel (got ${JSON.stringify(httpServerRaw)})`,
    );
  const ignorePaths =
    options.ignorePaths ??
    (str(undefined, 'PODTRAIL_IGNORE_PATHS') ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
  for (const p of ignorePaths)
    if (!p.startsWith('/'))
      errors.push(
        `${options.ignorePaths !== undefined ? 'ignorePaths' : 'PODTRAIL_IGNORE_PATHS'} entries must start with / (got ${JSON.stringify(p)})`,
      );

  const urlTemplates =
    options.urlTemplates ??
    (str(undefined, 'PODTRAIL_URL_TEMPLATES') ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
  for (const rule of urlTemplates) {
    try {
      parseUrlRule(rule);
    } catch (err) {
      errors.push(
        `${options.urlTemplates !== undefined ? 'urlTemplates' : 'PODTRAIL_URL_TEMPLATES'}: ${(err as Error).message}`,
      );
    }
  }
  const maxTransactionNames = num(
    'maxTransactionNames',
    options.maxTransactionNames,
    'PODTRAIL_MAX_TRANSACTION_NAMES',
    DEFAULTS.maxTransactionNames,
    { min: 1, max: 100_000, integer: true },
  );

  let otlpEndpoint = str(options.otlpEndpoint, 'PODTRAIL_OTLP_ENDPOINT');
  const endpointName = options.otlpEndpoint !== undefined ? 'otlpEndpoint' : 'PODTRAIL_OTLP_ENDPOINT';
  if (otlpEndpoint !== undefined) {
    let u: URL | undefined;
    try {
      u = new URL(otlpEndpoint);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:'))
      errors.push(`${endpointName} must be an http(s) URL (got ${JSON.stringify(otlpEndpoint)})`);
    else otlpEndpoint = otlpEndpoint.replace(/\/+$/, '');
  } else if (exportMode === 'otlp-http') {
    errors.push(`${endpointName} is required when PODTRAIL_EXPORT=otlp-http (e.g. http://127.0.0.1:4318)`);
  }
  const otlpToken = str(options.otlpToken, 'PODTRAIL_OTLP_TOKEN');

  const sampleRatio = num('sampleRatio', options.sampleRatio, 'PODTRAIL_SAMPLE_RATIO', DEFAULTS.sampleRatio, {
    min: 0,
    max: 1,
  });
  const flushDeadlineMs = num(
    'flushDeadlineMs',
    options.flushDeadlineMs,
    'PODTRAIL_FLUSH_DEADLINE_MS',
    DEFAULTS.flushDeadlineMs,
    { min: 1, max: K8S_GRACE_MS, integer: true, maxExclusive: true },
  );
  const heartbeatMs = num('heartbeatMs', options.heartbeatMs, 'PODTRAIL_HEARTBEAT_MS', DEFAULTS.heartbeatMs, {
    min: 100,
    max: 3_600_000,
    integer: true,
  });
  const metricsIntervalMs = num(
    'metricsIntervalMs',
    options.metricsIntervalMs,
    'PODTRAIL_METRICS_INTERVAL_MS',
    DEFAULTS.metricsIntervalMs,
    { min: 100, max: 3_600_000, integer: true },
  );
  const gcSampleRatio = num(
    'gcSampleRatio',
    options.gcSampleRatio,
    'PODTRAIL_GC_SAMPLE_RATIO',
    DEFAULTS.gcSampleRatio,
    { min: 0, max: 1 },
  );
  const batchDelayMs = num('batchDelayMs', options.batchDelayMs, 'PODTRAIL_BATCH_DELAY_MS', DEFAULTS.batchDelayMs, {
    min: 1,
    max: 60_000,
    integer: true,
  });
  const batchMaxSpans = num(
    'batchMaxSpans',
    options.batchMaxSpans,
    'PODTRAIL_BATCH_MAX_SPANS',
    DEFAULTS.batchMaxSpans,
    {
      min: 1,
      max: 10_000,
      integer: true,
    },
  );
  const bufferMaxBytes = num(
    'bufferMaxBytes',
    options.bufferMaxBytes,
    'PODTRAIL_BUFFER_MAX_BYTES',
    DEFAULTS.bufferMaxBytes,
    { min: 64 * 1024, max: 1024 * 1024 * 1024, integer: true },
  );
  const logLines = num('logLines', options.logLines, 'PODTRAIL_LOG_LINES', DEFAULTS.logLines, {
    min: 0,
    max: 100_000,
    integer: true,
  });

  const logs: LogShippingConfig = {
    enabled: bool('logs', options.logs, 'PODTRAIL_LOGS', true),
    flushMs: num('logFlushMs', options.logFlushMs, 'PODTRAIL_LOG_FLUSH_MS', DEFAULTS.logFlushMs, {
      min: 10,
      max: 60_000,
      integer: true,
    }),
    maxLinesPerSec: num(
      'logMaxLinesPerSec',
      options.logMaxLinesPerSec,
      'PODTRAIL_LOG_MAX_LINES_PER_SEC',
      DEFAULTS.logMaxLinesPerSec,
      { min: 1, max: 1_000_000, integer: true },
    ),
    maxBytesPerSec: num(
      'logMaxBytesPerSec',
      options.logMaxBytesPerSec,
      'PODTRAIL_LOG_MAX_BYTES_PER_SEC',
      DEFAULTS.logMaxBytesPerSec,
      { min: 1024, max: 256 * 1024 * 1024, integer: true },
    ),
    maxLineBytes: num(
      'logMaxLineBytes',
      options.logMaxLineBytes,
      'PODTRAIL_LOG_MAX_LINE_BYTES',
      DEFAULTS.logMaxLineBytes,
      { min: 64, max: 1024 * 1024, integer: true },
    ),
  };
  if (logs.maxLineBytes > logs.maxBytesPerSec)
    errors.push(
      `PODTRAIL_LOG_MAX_LINE_BYTES (${logs.maxLineBytes}) must not exceed PODTRAIL_LOG_MAX_BYTES_PER_SEC (${logs.maxBytesPerSec}), or a cut line could never be sent`,
    );
  const inFlightSnapshotMs = num(
    'inFlightSnapshotMs',
    options.inFlightSnapshotMs,
    'PODTRAIL_INFLIGHT_SNAPSHOT_MS',
    DEFAULTS.inFlightSnapshotMs,
    { min: 0, max: 3_600_000, integer: true },
  );

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      serviceName,
      serviceVersion,
      kafkaBrokers,
      topics,
      export: exportMode,
      kafkaCompression,
      kafkaSecurity,
      otlpEndpoint,
      otlpToken,
      sampleRatio,
      flushDeadlineMs,
      heartbeatMs,
      metricsIntervalMs,
      gcSampleRatio,
      batchDelayMs,
      batchMaxSpans,
      bufferMaxBytes,
      logLines,
      logs,
      inFlightSnapshotMs,
      disabled,
      debug,
      handleSignals,
      httpServer,
      ignorePaths,
      urlTemplates,
      maxTransactionNames,
    },
  };
}

/** Accepts plain bytes or a KiB/MiB/GiB (also k/m/g, KB/MB/GB = binary) suffix. */
export function parseBytes(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?)?$/i.exec(raw.trim());
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.round(n * mult);
}

interface PackageInfo {
  name?: string;
  version?: string;
}

/** The app's package.json: nearest one above the main script, else above the working directory. */
export function readPackageJson(): PackageInfo | undefined {
  const starts = [process.argv[1] ? dirname(resolve(process.argv[1])) : undefined, process.cwd()];
  for (const start of starts) {
    if (!start) continue;
    let dir = start;
    for (let i = 0; i < 20; i++) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageInfo;
        if (typeof pkg.name === 'string' && pkg.name !== '') return pkg;
      } catch {
        // keep walking up
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

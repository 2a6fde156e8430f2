import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseBytes, resolveConfig } from './config.js';

describe('resolveConfig', () => {
  it('uses defaults when nothing is set', () => {
    const r = resolveConfig({ serviceName: 'svc' }, {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({
      serviceName: 'svc',
      kafkaBrokers: ['127.0.0.1:19092'],
      topics: { spans: 'podtrail.spans', metrics: 'podtrail.metrics', lifecycle: 'podtrail.lifecycle' },
      export: 'kafka',
      sampleRatio: 1,
      flushDeadlineMs: 5000,
      heartbeatMs: 5000,
      metricsIntervalMs: 5000,
      gcSampleRatio: 0.1,
      batchDelayMs: 250,
      batchMaxSpans: 1024,
      bufferMaxBytes: 16 * 1024 * 1024,
      logLines: 200,
      disabled: false,
    });
    expect(r.config.bufferMaxBytes).toBe(DEFAULTS.bufferMaxBytes);
  });

  it('log shipping: on by default, PODTRAIL_LOGS=off turns it off, budgets accept KiB/MiB', () => {
    const d = resolveConfig({ serviceName: 'svc' }, {});
    expect(d.ok && d.config.logs).toEqual({
      enabled: true,
      flushMs: 1000,
      maxLinesPerSec: 1000,
      maxBytesPerSec: 1024 * 1024,
      maxLineBytes: 16 * 1024,
    });
    const r = resolveConfig(
      { serviceName: 'svc' },
      {
        PODTRAIL_LOGS: 'off',
        PODTRAIL_LOG_FLUSH_MS: '250',
        PODTRAIL_LOG_MAX_LINES_PER_SEC: '50',
        PODTRAIL_LOG_MAX_BYTES_PER_SEC: '64KiB',
        PODTRAIL_LOG_MAX_LINE_BYTES: '2k',
      },
    );
    expect(r.ok && r.config.logs).toEqual({
      enabled: false,
      flushMs: 250,
      maxLinesPerSec: 50,
      maxBytesPerSec: 64 * 1024,
      maxLineBytes: 2048,
    });
  });

  it('log shipping: each bad setting is named', () => {
    const r = resolveConfig(
      { serviceName: 'svc' },
      {
        PODTRAIL_LOGS: 'maybe',
        PODTRAIL_LOG_FLUSH_MS: '0',
        PODTRAIL_LOG_MAX_LINES_PER_SEC: '1.5',
        PODTRAIL_LOG_MAX_LINE_BYTES: 'lots',
      },
    );
    expect(!r.ok && r.errors).toEqual([
      'PODTRAIL_LOGS must be true or false (got "maybe")',
      'PODTRAIL_LOG_FLUSH_MS must be an integer in [10, 60000] (got "0")',
      'PODTRAIL_LOG_MAX_LINES_PER_SEC must be an integer in [1, 1000000] (got "1.5")',
      'PODTRAIL_LOG_MAX_LINE_BYTES must be an integer in [64, 1048576] (got "lots")',
    ]);
    const cut = resolveConfig(
      { serviceName: 'svc' },
      { PODTRAIL_LOG_MAX_BYTES_PER_SEC: '4096', PODTRAIL_LOG_MAX_LINE_BYTES: '8192' },
    );
    expect(!cut.ok && cut.errors).toEqual([
      'PODTRAIL_LOG_MAX_LINE_BYTES (8192) must not exceed PODTRAIL_LOG_MAX_BYTES_PER_SEC (4096), or a cut line could never be sent',
    ]);
  });

  it('Kafka TLS and SASL from the shared KAFKA_* variables, checked only when exporting to Kafka', () => {
    const env = {
      KAFKA_TLS: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
    };
    const r = resolveConfig({ serviceName: 'svc' }, env);
    expect(r.ok && r.config.kafkaSecurity).toEqual({
      tls: { rejectUnauthorized: true },
      sasl: { mechanism: 'scram-sha-256', username: 'u', password: 'p' },
    });
    const bad = resolveConfig({ serviceName: 'svc' }, { KAFKA_SASL_MECHANISM: 'kerberos' });
    expect(!bad.ok && bad.errors).toEqual([
      'KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512 (got "kerberos")',
      'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM',
    ]);
    const otlp = resolveConfig(
      { serviceName: 'svc' },
      { KAFKA_SASL_MECHANISM: 'kerberos', PODTRAIL_EXPORT: 'otlp-http', PODTRAIL_OTLP_ENDPOINT: 'http://c:4318' },
    );
    expect(otlp.ok && otlp.config.kafkaSecurity).toEqual({});
  });

  it('option > env > default', () => {
    const env = {
      PODTRAIL_SERVICE_NAME: 'from-env',
      OTEL_SERVICE_NAME: 'from-otel',
      KAFKA_BROKERS: 'k1:9092, k2:9093',
      PODTRAIL_SAMPLE_RATIO: '0.25',
      PODTRAIL_TOPIC_SPANS: 'env.spans',
    };
    const fromEnv = resolveConfig({}, env);
    expect(fromEnv.ok && fromEnv.config).toMatchObject({
      serviceName: 'from-env',
      kafkaBrokers: ['k1:9092', 'k2:9093'],
      sampleRatio: 0.25,
      topics: { spans: 'env.spans' },
    });
    const fromOpt = resolveConfig({ serviceName: 'opt', sampleRatio: 0.5, topics: { spans: 'opt.spans' } }, env);
    expect(fromOpt.ok && fromOpt.config).toMatchObject({
      serviceName: 'opt',
      sampleRatio: 0.5,
      topics: { spans: 'opt.spans' },
    });
    expect(resolveConfig({}, { OTEL_SERVICE_NAME: 'from-otel' })).toMatchObject({
      ok: true,
      config: { serviceName: 'from-otel' },
    });
  });

  it('reports every invalid field at once, each by name', () => {
    const r = resolveConfig(
      {},
      {
        PODTRAIL_SAMPLE_RATIO: '1.5',
        PODTRAIL_FLUSH_DEADLINE_MS: '30000',
        KAFKA_BROKERS: 'nohost',
        PODTRAIL_EXPORT: 'carrier-pigeon',
        PODTRAIL_HEARTBEAT_MS: 'abc',
        PODTRAIL_TOPIC_METRICS: 'bad topic',
        PODTRAIL_DISABLED: 'maybe',
        PODTRAIL_BUFFER_MAX_BYTES: '12',
        PODTRAIL_GC_SAMPLE_RATIO: '-0.1',
      },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.errors.join('\n');
    for (const field of [
      'PODTRAIL_SAMPLE_RATIO',
      'PODTRAIL_FLUSH_DEADLINE_MS',
      'KAFKA_BROKERS',
      'PODTRAIL_EXPORT',
      'PODTRAIL_HEARTBEAT_MS',
      'PODTRAIL_TOPIC_METRICS',
      'PODTRAIL_DISABLED',
      'PODTRAIL_BUFFER_MAX_BYTES',
      'PODTRAIL_GC_SAMPLE_RATIO',
    ])
      expect(text).toContain(field);
    expect(r.errors).toHaveLength(9);
  });

  it('URL template rules and the cap on transaction names, each error by its variable', () => {
    const good = resolveConfig(
      {},
      { PODTRAIL_URL_TEMPLATES: '/api/users/:id/orders/:orderId, /files/*', PODTRAIL_MAX_TRANSACTION_NAMES: '200' },
    );
    expect(good.ok && good.config).toMatchObject({
      urlTemplates: ['/api/users/:id/orders/:orderId', '/files/*'],
      maxTransactionNames: 200,
    });
    const none = resolveConfig({}, {});
    expect(none.ok && none.config).toMatchObject({ urlTemplates: [], maxTransactionNames: 500 });
    const bad = resolveConfig({}, { PODTRAIL_URL_TEMPLATES: 'api/x,/a/*/b', PODTRAIL_MAX_TRANSACTION_NAMES: '0' });
    expect(!bad.ok && bad.errors).toEqual([
      'PODTRAIL_URL_TEMPLATES: URL template rule must start with / (got "api/x")',
      'PODTRAIL_URL_TEMPLATES: URL template rule "/a/*/b": * is only allowed as the last segment',
      'PODTRAIL_MAX_TRANSACTION_NAMES must be an integer in [1, 100000] (got "0")',
    ]);
  });

  it('requires an endpoint for otlp-http and validates it', () => {
    const missing = resolveConfig({}, { PODTRAIL_EXPORT: 'otlp-http' });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.errors[0]).toContain('PODTRAIL_OTLP_ENDPOINT');
    const bad = resolveConfig({}, { PODTRAIL_EXPORT: 'otlp-http', PODTRAIL_OTLP_ENDPOINT: 'ftp://x' });
    expect(!bad.ok && bad.errors[0]).toContain('PODTRAIL_OTLP_ENDPOINT');
    const good = resolveConfig(
      {},
      { PODTRAIL_EXPORT: 'otlp-http', PODTRAIL_OTLP_ENDPOINT: 'http://127.0.0.1:4318/', PODTRAIL_OTLP_TOKEN: 't' },
    );
    expect(good.ok && good.config).toMatchObject({ otlpEndpoint: 'http://127.0.0.1:4318', otlpToken: 't' });
  });

  it('flush deadline must stay under the 30 s Kubernetes grace period', () => {
    expect(resolveConfig({}, { PODTRAIL_FLUSH_DEADLINE_MS: '29999' }).ok).toBe(true);
    expect(resolveConfig({}, { PODTRAIL_FLUSH_DEADLINE_MS: '30000' }).ok).toBe(false);
    expect(resolveConfig({ flushDeadlineMs: 45_000 }, {})).toMatchObject({ ok: false });
  });

  it('parses byte sizes with binary suffixes', () => {
    expect(parseBytes('1024')).toBe(1024);
    expect(parseBytes('16MiB')).toBe(16 * 1024 * 1024);
    expect(parseBytes('64k')).toBe(64 * 1024);
    expect(parseBytes('1g')).toBe(1024 ** 3);
    expect(parseBytes('lots')).toBeNaN();
    expect(resolveConfig({}, { PODTRAIL_BUFFER_MAX_BYTES: '4MiB' })).toMatchObject({
      ok: true,
      config: { bufferMaxBytes: 4 * 1024 * 1024 },
    });
  });

  it('PODTRAIL_DISABLED turns the agent off', () => {
    expect(resolveConfig({}, { PODTRAIL_DISABLED: 'true' })).toMatchObject({ ok: true, config: { disabled: true } });
  });
});

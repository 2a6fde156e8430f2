import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, inject } from 'vitest';
import type { StaticToken } from '../api-config.js';
import { type BuildOptions, build } from '../app.js';
import type { CollectorConfig, CollectorConfigOptions } from '../config.js';
import { type ClickHouseTarget, clickhouseTarget } from './clickhouse-target.js';
import { testConfig } from './ingest-harness.js';

/**
 * The real collector app (app.ts) as the integration tests that send OTLP/HTTP (no podtrail agent,
 * no Kafka consumer, no live hub: the receiver writes through the same pipeline) build it, on a
 * fresh test store. Call it at the top of a test file (or inside a describe): it registers the
 * beforeAll that builds the app and the afterAll that closes it and drops the store. Hooks the file
 * registers before the call run before the build; after hooks run in reverse order, so a file's
 * own afterAll registered after the call runs while the app is still open.
 */
export interface OtlpOnlyAppOptions {
  /** overrides of testConfig (unique topics and group; auth off unless `tokens`) */
  config?: CollectorConfigOptions;
  /** static API tokens: turns auth on (no bootstrap tokens) */
  tokens?: StaticToken[];
  /** mkdtemp prefix of the store directory */
  storePrefix?: string;
  /** the config's brokers (default: the test broker); no Kafka client is opened either way */
  brokers?: string;
  /** build options beyond `kafka: false, live: false` (a logger, the cluster watcher off) */
  build?: Omit<BuildOptions, 'kafka' | 'live'>;
}

export interface OtlpOnlyApp {
  /** the built app; throws when read before the suite's beforeAll built it */
  readonly app: FastifyInstance;
  readonly config: CollectorConfig;
  readonly target: ClickHouseTarget;
}

export function otlpOnlyApp(opts: OtlpOnlyAppOptions = {}): OtlpOnlyApp {
  const target = clickhouseTarget(opts.storePrefix);
  const overrides = opts.config ?? {};
  const api = opts.tokens
    ? { authEnabled: true, bootstrapTokens: false, staticTokens: opts.tokens, ...overrides.api }
    : overrides.api;
  const config = testConfig(opts.brokers ?? inject('kafkaBrokers'), target, {
    ...overrides,
    ...(api ? { api } : {}),
  });
  let built: FastifyInstance | undefined;
  beforeAll(async () => {
    built = await build(config, { ...opts.build, kafka: false, live: false });
  });
  afterAll(async () => {
    await built?.close();
    await target.cleanup();
  });
  return {
    get app(): FastifyInstance {
      if (!built) throw new Error('otlpOnlyApp: the app is built in beforeAll; read it inside a hook or a test');
      return built;
    },
    config,
    target,
  };
}

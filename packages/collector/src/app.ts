import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import authPlugin from './auth/index.js';
import type { CollectorConfig } from './config.js';
import ingestPlugin from './ingest/index.js';
import { IngestMetrics } from './ingest/ingest-metrics.js';
import livePlugin from './live/index.js';
import otlpPlugin from './otlp/index.js';
import clickhousePlugin from './plugins/clickhouse.js';
import healthPlugin from './plugins/health.js';
import routesPlugin from './routes/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: CollectorConfig;
    ingestMetrics: IngestMetrics;
  }
}

export interface BuildOptions {
  /** fastify logger option (default: pino at config.logLevel) */
  logger?: FastifyServerOptions['logger'];
  /** false: no Kafka consumer even with ingest on (OTLP receiver only); tests */
  kafka?: boolean;
  /** false: no live WebSocket plugin (tests that do not need it) */
  live?: boolean;
}

/**
 * Builds the collector app (does not listen). Plugins, in order: ClickHouse (+ migrations and
 * retention), auth, ingest (Kafka consumer + pipeline + lifecycle tracker; unless
 * PODTRAIL_INGEST=off), the OTLP/HTTP receiver, health + Prometheus metrics, the query API, the
 * live WebSocket and the static UI (when packages/ui/dist exists).
 */
export async function build(config: CollectorConfig, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    bodyLimit: config.maxBodyBytes,
    disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    forceCloseConnections: true,
  });
  const metrics = new IngestMetrics();
  app.decorate('config', config);
  app.decorate('ingestMetrics', metrics);

  await app.register(clickhousePlugin, { config });
  await app.register(authPlugin, { config: config.api, dataDir: config.dataDir });
  if (config.ingest) {
    await app.register(ingestPlugin, { config, metrics, kafka: opts.kafka !== false });
    await app.register(otlpPlugin, { config, metrics });
  }
  await app.register(healthPlugin, { metrics, ingest: config.ingest && opts.kafka !== false });
  await app.register(routesPlugin, { config: config.api });
  if (opts.live !== false)
    await app.register(livePlugin, {
      config: config.api,
      brokers: config.brokers,
      topic: config.liveTopic,
      clientId: `${config.clientId}-live`,
    });

  if (existsSync(join(config.uiDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: config.uiDir, prefix: '/', wildcard: true });
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && (req.headers.accept ?? '').includes('text/html'))
        return reply.type('text/html').sendFile('index.html');
      return reply
        .code(404)
        .send({ statusCode: 404, error: 'Not Found', message: `no route ${req.method} ${req.url}` });
    });
  }
  return app;
}

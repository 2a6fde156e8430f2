import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, type Registry } from 'prom-client';
import type { CollectorMetrics } from '../collector-metrics.js';
import { registerMemoryMetrics } from '../memory-metrics.js';
import { EngineMemorySampler } from '../store/engine-memory.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** the Prometheus registry `/metrics` serves; plugins registered later add their metrics to it */
    metricsRegistry: Registry;
  }
}

export interface HealthPluginOptions {
  metrics: CollectorMetrics;
  /** true when this process consumes Kafka (readiness waits for the group join) */
  ingest: boolean;
}

/**
 * `/healthz` (process alive), `/readyz` (ClickHouse answers; consumer group joined when ingest
 * is on) and `/metrics` (Prometheus text: ingest metrics + process metrics + what the memory is
 * made of, memory-metrics.ts). Public, no token:
 * health probes and scrapers run inside the cluster network.
 */
const healthPlugin: FastifyPluginAsync<HealthPluginOptions> = async (app: FastifyInstance, opts) => {
  const { metrics } = opts;
  collectDefaultMetrics({ register: metrics.registry, prefix: 'podtrail_process_' });
  app.decorate('metricsRegistry', metrics.registry);
  // what the memory is made of; the engine's figures only when it is in this process (chDB)
  registerMemoryMetrics(metrics.registry, {
    engine: app.ch.backend === 'chdb' ? new EngineMemorySampler(app.ch.reader) : null,
    tracker: app.hasDecorator('lifecycleTracker') ? app.lifecycleTracker : null,
  });

  app.get('/healthz', { config: { auth: 'public' } }, async () => ({ status: 'ok' }));

  // Ready = ClickHouse answers, the ingest consumer runs (when this process consumes Kafka) and
  // the live hub consumes the live topic (when it reads Kafka). Until then (Kafka down, a fresh
  // broker still electing leaders, a consumer restarting after a crash) 503 with the reason.
  app.get('/readyz', { config: { auth: 'public' } }, async (_req, reply) => {
    const ping = await app.ch.reader.ping().catch((err: Error) => ({ success: false as const, error: err }));
    const checks: Record<string, string> = {
      clickhouse: ping.success ? 'ok' : `down: ${'error' in ping ? ping.error.message : 'unknown'}`,
    };
    let ok = ping.success;
    if (opts.ingest) {
      const s = app.hasDecorator('kafkaIngest') && app.kafkaIngest ? app.kafkaIngest.status : null;
      checks.kafka = s ? s.detail : 'ok';
      if (s && !s.ready) ok = false;
    }
    const live = app.hasDecorator('liveSource') ? app.liveSource : null;
    if (live) {
      const s = live.status;
      checks.live = s.detail;
      if (!s.ready) ok = false;
    }
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', { config: { auth: 'public' } }, async (_req, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
};

export default fp(healthPlugin, {
  name: 'podtrail-health',
  fastify: '5.x',
  dependencies: ['podtrail-clickhouse'],
});

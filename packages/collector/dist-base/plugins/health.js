import fp from 'fastify-plugin';
import { collectDefaultMetrics } from 'prom-client';
/**
 * `/healthz` (process alive), `/readyz` (ClickHouse answers; consumer group joined when ingest
 * is on) and `/metrics` (Prometheus text: ingest metrics + process metrics). Public, no token:
 * health probes and scrapers run inside the cluster network.
 */
const healthPlugin = async (app, opts) => {
    const { metrics } = opts;
    collectDefaultMetrics({ register: metrics.registry, prefix: 'podtrail_process_' });
    app.decorate('metricsRegistry', metrics.registry);
    app.get('/healthz', { config: { auth: 'public' } }, async () => ({ status: 'ok' }));
    // Ready = ClickHouse answers, the ingest consumer runs (when this process consumes Kafka) and
    // the live hub consumes the live topic (when it reads Kafka). Until then (Kafka down, a fresh
    // broker still electing leaders, a consumer restarting after a crash) 503 with the reason.
    app.get('/readyz', { config: { auth: 'public' } }, async (_req, reply) => {
        const ping = await app.ch.reader.ping().catch((err) => ({ success: false, error: err }));
        const checks = {
            clickhouse: ping.success ? 'ok' : `down: ${'error' in ping ? ping.error.message : 'unknown'}`,
        };
        let ok = ping.success;
        if (opts.ingest) {
            const s = app.hasDecorator('kafkaIngest') && app.kafkaIngest ? app.kafkaIngest.status : null;
            checks.kafka = s ? s.detail : 'ok';
            if (s && !s.ready)
                ok = false;
        }
        const live = app.hasDecorator('liveSource') ? app.liveSource : null;
        if (live) {
            const s = live.status;
            checks.live = s.detail;
            if (!s.ready)
                ok = false;
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
//# sourceMappingURL=health.js.map
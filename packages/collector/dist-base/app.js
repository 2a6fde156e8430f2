import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, {} from 'fastify';
import authPlugin from './auth/index.js';
import { CollectorMetrics } from './collector-metrics.js';
import { API_ERRORS, COLLECTOR_ERRORS } from './errors.js';
import ingestPlugin from './ingest/index.js';
import kafkaPlugin from './kafka/index.js';
import kubernetesPlugin, { loadKubernetesWatchConfig } from './kubernetes/index.js';
import livePlugin from './live/index.js';
import { registerLiveMetrics } from './live/live-metrics.js';
import otlpPlugin from './otlp/index.js';
import clickhousePlugin from './plugins/clickhouse.js';
import healthPlugin from './plugins/health.js';
import routesPlugin from './routes/index.js';
/**
 * Builds the collector app (does not listen). Plugins, in order: ClickHouse (+ migrations and
 * retention), auth, the Kafka clients (one client, producer and admin; when ingest or the live hub
 * uses Kafka), ingest (Kafka consumer + pipeline + lifecycle tracker; unless PODTRAIL_INGEST=off),
 * the OTLP/HTTP receiver, health + Prometheus metrics, the query API, the live WebSocket and the
 * static UI (when packages/ui/dist exists).
 */
export async function build(config, opts = {}) {
    const app = Fastify({
        logger: opts.logger ?? { level: config.logLevel },
        bodyLimit: config.maxBodyBytes,
        disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
        forceCloseConnections: true,
    });
    const metrics = new CollectorMetrics();
    app.decorate('config', config);
    app.decorate('ingestMetrics', metrics);
    const ingestKafka = config.ingest && opts.kafka !== false;
    await app.register(clickhousePlugin, { config });
    await app.register(authPlugin, { config: config.api, dataDir: config.dataDir });
    // before ingest and the live hub: its clients close after they stopped their consumers
    if (ingestKafka || opts.live !== false)
        await app.register(kafkaPlugin, { config, metrics });
    if (config.ingest) {
        await app.register(ingestPlugin, { config, metrics, kafka: ingestKafka ? app.kafka : null });
        await app.register(otlpPlugin, { config, metrics });
    }
    const kube = opts.kubernetes === undefined ? loadKubernetesWatchConfig() : opts.kubernetes || null;
    if (kube)
        await app.register(kubernetesPlugin, {
            config: kube,
            ...(opts.kubernetesSettleMs !== undefined ? { settleMs: opts.kubernetesSettleMs } : {}),
        });
    await app.register(healthPlugin, { metrics, ingest: ingestKafka });
    await app.register(routesPlugin, { config: config.api });
    if (opts.live !== false) {
        await app.register(livePlugin, {
            config: config.api,
            kafka: app.kafka,
            kafkaStartWaitMs: opts.liveStartWaitMs ?? 0,
        });
        registerLiveMetrics(metrics.registry, app.liveHub, app.liveSource);
    }
    const hasUi = existsSync(join(config.uiDir, 'index.html'));
    if (hasUi)
        await app.register(fastifyStatic, { root: config.uiDir, prefix: '/', wildcard: true });
    // Unknown paths. The static plugin's wildcard route also catches unknown GET /api/... and
    // /v1/... paths (and hands them here when no such file exists): those answer the API error
    // shape with an APM_ERR code, never the UI. Other GETs from a browser get the UI's index.html
    // (client-side routes); anything else a coded 404.
    app.setNotFoundHandler((req, reply) => {
        const path = req.url.split('?')[0] ?? '';
        const otlp = path === '/v1' || path.startsWith('/v1/');
        const api = path === '/api' || path.startsWith('/api/');
        if (hasUi &&
            !otlp &&
            !api &&
            (req.method === 'GET' || req.method === 'HEAD') &&
            (req.headers.accept ?? '').includes('text/html'))
            return reply.type('text/html').sendFile('index.html');
        return reply.code(404).send({
            statusCode: 404,
            code: otlp ? COLLECTOR_ERRORS.OTLP_NOT_FOUND.code : API_ERRORS.API_NOT_FOUND.code,
            error: 'Not Found',
            message: `no route ${req.method} ${path}`,
        });
    });
    return app;
}
//# sourceMappingURL=app.js.map
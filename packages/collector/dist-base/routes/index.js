import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { API_PREFIX } from '@podtrail/contracts/api';
import fp from 'fastify-plugin';
import { Registry } from 'prom-client';
import { tokenFromRequest } from '../auth/index.js';
import { hashToken } from '../auth/tokens.js';
import { API_ERRORS } from '../errors.js';
import { ApiMetrics } from './api-metrics.js';
import compareRoutes from './compare.js';
import { apiErrorBody, errorHandler } from './error-handler.js';
import eventsRoutes from './events.js';
import heatmapRoutes from './heatmap.js';
import kubernetesRoutes from './kubernetes.js';
import logRoutes from './logs.js';
import podRoutes from './pods.js';
import serviceMapRoutes from './service-map.js';
import servicesRoutes from './services.js';
import tokenRoutes from './tokens.js';
import traceRoutes from './traces.js';
import transactionRoutes from './transactions.js';
import velocityRoutes from './velocity.js';
import workloadRoutes from './workloads.js';
export { API_PREFIX, errorHandler };
const routesPlugin = async (app, opts) => {
    const cfg = opts.config;
    const registry = opts.registry ?? (app.hasDecorator('metricsRegistry') ? app.metricsRegistry : new Registry());
    const metrics = new ApiMetrics(registry, app.tokens);
    await app.register(async (api) => {
        // onError runs before the error handler, for every error of the scope's routes
        api.addHook('onError', async (req, _reply, err) => {
            const { statusCode, code } = apiErrorBody(err);
            if (statusCode >= 500)
                metrics.errors.inc({ route: req.routeOptions.url ?? 'unknown', kind: code });
        });
        api.setErrorHandler(errorHandler);
        api.setNotFoundHandler((req, reply) => {
            reply.code(404).send({
                statusCode: 404,
                code: API_ERRORS.API_NOT_FOUND.code,
                error: 'Not Found',
                message: `no route ${req.method} ${req.url.split('?')[0]}`,
            });
        });
        // Every route must declare the role it needs; a route without one fails at boot.
        api.addHook('onRoute', (route) => {
            if (route.method === 'OPTIONS' || (Array.isArray(route.method) && route.method.includes('OPTIONS')))
                return;
            const auth = route.config?.auth;
            if (!auth)
                throw new Error(`route ${String(route.method)} ${route.url} declares no auth role`);
        });
        await api.register(cors, {
            origin: cfg.corsOrigins.includes('*') ? true : cfg.corsOrigins.length ? cfg.corsOrigins : false,
            methods: ['GET', 'POST', 'DELETE'],
            allowedHeaders: ['Authorization', 'Content-Type'],
            maxAge: 600,
        });
        if (cfg.rateLimitPerMin > 0) {
            await api.register(rateLimit, {
                max: cfg.rateLimitPerMin,
                timeWindow: 60_000,
                keyGenerator: rateLimitKey,
                errorResponseBuilder: (_req, ctx) => ({
                    statusCode: 429,
                    code: API_ERRORS.API_RATE_LIMITED.code,
                    error: 'Too Many Requests',
                    message: `rate limit of ${ctx.max} requests per minute exceeded; retry in ${ctx.after}`,
                }),
            });
        }
        // The OpenAPI generator: registered here unless the app already has one at its root.
        if (!api.hasDecorator('swagger'))
            await api.register(swagger, {
                openapi: {
                    openapi: '3.0.3',
                    info: {
                        title: 'podtrail query API',
                        version: '1',
                        description: 'Query API of the podtrail collector. See docs/api.md.',
                    },
                    components: {
                        securitySchemes: {
                            bearer: { type: 'http', scheme: 'bearer' },
                            queryToken: { type: 'apiKey', in: 'query', name: 'token' },
                        },
                    },
                    security: [{ bearer: [] }, { queryToken: [] }],
                },
            });
        api.get('/openapi.json', { config: { auth: 'read' }, onRequest: app.requireRole('read'), schema: { hide: true } }, async () => api.swagger());
        await api.register(velocityRoutes, { cfg });
        await api.register(heatmapRoutes);
        await api.register(transactionRoutes);
        await api.register(traceRoutes);
        await api.register(logRoutes);
        await api.register(podRoutes);
        await api.register(workloadRoutes);
        await api.register(kubernetesRoutes);
        await api.register(eventsRoutes);
        await api.register(compareRoutes);
        await api.register(servicesRoutes, { cfg });
        await api.register(serviceMapRoutes, { cfg });
        await api.register(tokenRoutes, { cfg });
    }, { prefix: API_PREFIX });
};
function rateLimitKey(req) {
    const t = tokenFromRequest(req);
    return t ? `t:${hashToken(t).slice(0, 24)}` : `ip:${req.ip}`;
}
export default fp(routesPlugin, {
    name: 'podtrail-routes',
    fastify: '5.x',
    encapsulate: true,
    dependencies: ['podtrail-auth'],
});
//# sourceMappingURL=index.js.map
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { API_PREFIX } from '@podtrail/contracts/api';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { type ApiConfig, loadApiConfig } from '../api-config.js';
import { tokenFromRequest } from '../auth/index.js';
import { hashToken } from '../auth/tokens.js';
import { API_ERRORS, ApiError } from '../errors.js';
import compareRoutes from './compare.js';

export { API_PREFIX };

import eventsRoutes from './events.js';
import heatmapRoutes from './heatmap.js';
import podRoutes from './pods.js';
import servicesRoutes from './services.js';
import tokenRoutes from './tokens.js';
import traceRoutes from './traces.js';
import transactionRoutes from './transactions.js';
import velocityRoutes from './velocity.js';
import workloadRoutes from './workloads.js';

/**
 * All /api/v1 query routes (register WITHOUT a prefix; this plugin adds `/api/v1`).
 * Needs the auth plugin registered before it (`app.requireRole`) and `app.ch` (ClickHouse).
 * Registers in its own scope: CORS, rate limit, the OpenAPI generator (`/api/v1/openapi.json`)
 * and an error handler that answers `{statusCode, code, error, message, field?}` and never leaks
 * ClickHouse errors.
 */
export interface RoutesPluginOptions {
  config?: ApiConfig;
}

const routesPlugin: FastifyPluginAsync<RoutesPluginOptions> = async (app, opts) => {
  const cfg = opts.config ?? (app.hasDecorator('apiConfig') ? app.apiConfig : loadApiConfig());
  await app.register(
    async (api) => {
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
        if (route.method === 'OPTIONS' || (Array.isArray(route.method) && route.method.includes('OPTIONS'))) return;
        const auth = (route.config as { auth?: string } | undefined)?.auth;
        if (!auth) throw new Error(`route ${String(route.method)} ${route.url} declares no auth role`);
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
      api.get(
        '/openapi.json',
        { config: { auth: 'read' }, onRequest: app.requireRole('read'), schema: { hide: true } },
        async () => api.swagger(),
      );
      await api.register(velocityRoutes, { cfg });
      await api.register(heatmapRoutes);
      await api.register(transactionRoutes);
      await api.register(traceRoutes);
      await api.register(podRoutes);
      await api.register(workloadRoutes);
      await api.register(eventsRoutes);
      await api.register(compareRoutes);
      await api.register(servicesRoutes, { cfg });
      await api.register(tokenRoutes, { cfg });
    },
    { prefix: API_PREFIX },
  );
};

function rateLimitKey(req: FastifyRequest): string {
  const t = tokenFromRequest(req);
  return t ? `t:${hashToken(t).slice(0, 24)}` : `ip:${req.ip}`;
}

/** Maps every error to the API error shape; validation errors name the offending field. */
export function errorHandler(err: FastifyError | ApiError | Error, req: FastifyRequest, reply: FastifyReply) {
  const fe = err as FastifyError & { field?: string };
  if (fe.validation) {
    const v = fe.validation[0];
    const params = (v?.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
    const path = (v?.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    const field = params.missingProperty ?? params.additionalProperty ?? path;
    return reply.code(400).send({
      statusCode: 400,
      code: API_ERRORS.API_VALIDATION.code,
      error: 'Bad Request',
      message: `${fe.validationContext ?? 'request'}${field ? `.${field}` : ''} ${v?.message ?? 'is invalid'}`,
      field: field || undefined,
    });
  }
  if (err instanceof ApiError) {
    if (err.statusCode === 401) reply.header('WWW-Authenticate', 'Bearer');
    return reply.code(err.statusCode).send({
      statusCode: err.statusCode,
      code: err.code,
      error: httpReason(err.statusCode),
      message: err.message,
      ...(err.field ? { field: err.field } : {}),
    });
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status < 500) {
    return reply.code(status).send({
      statusCode: status,
      code: typeof fe.code === 'string' && fe.code.startsWith('APM_ERR_') ? fe.code : 'APM_ERR_API_BAD_REQUEST',
      error: httpReason(status),
      message: fe.message,
    });
  }
  // ClickHouse and other internal errors: log them, never echo them.
  req.log.error({ err }, 'query failed');
  return reply.code(500).send({
    statusCode: 500,
    code: API_ERRORS.API_QUERY_FAILED.code,
    error: 'Internal Server Error',
    message: API_ERRORS.API_QUERY_FAILED.message,
  });
}

function httpReason(status: number): string {
  switch (status) {
    case 400:
      return 'Bad Request';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'Not Found';
    case 413:
      return 'Payload Too Large';
    case 415:
      return 'Unsupported Media Type';
    case 429:
      return 'Too Many Requests';
    case 503:
      return 'Service Unavailable';
    default:
      return status >= 500 ? 'Internal Server Error' : 'Bad Request';
  }
}

export default routesPlugin;

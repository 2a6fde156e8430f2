import { API_PREFIX } from '@podtrail/contracts/api';
import type { FastifyPluginAsync } from 'fastify';
import { Registry } from 'prom-client';
import type { ApiConfig } from '../api-config.js';
import { errorHandler } from './error-handler.js';
export { API_PREFIX, errorHandler };
/**
 * All /api/v1 query routes (register WITHOUT a prefix; this plugin adds `/api/v1`). Plugin
 * `podtrail-routes`, encapsulated; needs `podtrail-auth` registered before it (`app.requireRole`,
 * `app.tokens`) and reads `app.ch` (ClickHouse; without it the query routes answer 503).
 * Registers in its own scope: CORS, rate limit, the OpenAPI generator (`/api/v1/openapi.json`)
 * and an error handler that answers `{statusCode, code, error, message, field?}` and never leaks
 * ClickHouse errors. Every server-side failure is logged and counted (`podtrail_api_errors_total`).
 */
export interface RoutesPluginOptions {
    /** the API configuration, loaded once at boot (config.ts / api-config.ts) */
    config: ApiConfig;
    /**
     * where the API metrics go; default the registry `/metrics` serves (`app.metricsRegistry`, from
     * the health plugin) when registered, else one of this plugin's own
     */
    registry?: Registry;
}
declare const _default: FastifyPluginAsync<RoutesPluginOptions>;
export default _default;
//# sourceMappingURL=index.d.ts.map
import { Counter } from 'prom-client';
const ERRORS = 'podtrail_api_errors_total';
const TOKEN_REFRESH_ERRORS = 'podtrail_api_token_refresh_errors_total';
/**
 * Prometheus metrics of the query API, on the registry `/metrics` serves:
 *
 * - `podtrail_api_errors_total{route,kind}` requests answered with a server-side error (5xx), by
 *   route (its URL template) and kind (the `APM_ERR_*` code of the answer)
 * - `podtrail_api_token_refresh_errors_total` failed reloads of the api_tokens table (the token
 *   store keeps the tokens it knew), read from the store at scrape time
 */
export class ApiMetrics {
    errors;
    constructor(registry, tokens) {
        this.errors =
            registry.getSingleMetric(ERRORS) ??
                new Counter({
                    name: ERRORS,
                    help: 'Query API requests answered with a server-side error (5xx), by route and APM_ERR code',
                    labelNames: ['route', 'kind'],
                    registers: [registry],
                });
        if (tokens && !registry.getSingleMetric(TOKEN_REFRESH_ERRORS))
            new Counter({
                name: TOKEN_REFRESH_ERRORS,
                help: 'Failed reloads of the api_tokens table (the tokens known so far stay valid)',
                registers: [registry],
                collect() {
                    this.reset();
                    this.inc(tokens.refreshErrors);
                },
            });
    }
}
//# sourceMappingURL=api-metrics.js.map
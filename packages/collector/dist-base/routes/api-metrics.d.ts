import { Counter, type Registry } from 'prom-client';
import type { TokenStore } from '../auth/tokens.js';
/**
 * Prometheus metrics of the query API, on the registry `/metrics` serves:
 *
 * - `podtrail_api_errors_total{route,kind}` requests answered with a server-side error (5xx), by
 *   route (its URL template) and kind (the `APM_ERR_*` code of the answer)
 * - `podtrail_api_token_refresh_errors_total` failed reloads of the api_tokens table (the token
 *   store keeps the tokens it knew), read from the store at scrape time
 */
export declare class ApiMetrics {
    readonly errors: Counter<'route' | 'kind'>;
    constructor(registry: Registry, tokens?: TokenStore);
}
//# sourceMappingURL=api-metrics.d.ts.map
import { Counter, type Registry } from 'prom-client';
import type { TokenStore } from '../auth/tokens.js';
import { scrapedMetrics } from '../scraped-metrics.js';

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
  readonly errors: Counter<'route' | 'kind'>;

  constructor(registry: Registry, tokens?: TokenStore) {
    this.errors =
      (registry.getSingleMetric(ERRORS) as Counter<'route' | 'kind'> | undefined) ??
      new Counter({
        name: ERRORS,
        help: 'Query API requests answered with a server-side error (5xx), by route and APM_ERR code',
        labelNames: ['route', 'kind'] as const,
        registers: [registry],
      });
    if (tokens && !registry.getSingleMetric(TOKEN_REFRESH_ERRORS))
      scrapedMetrics(registry).total(
        TOKEN_REFRESH_ERRORS,
        'Failed reloads of the api_tokens table (the tokens known so far stay valid)',
        () => tokens.refreshErrors,
      );
  }
}

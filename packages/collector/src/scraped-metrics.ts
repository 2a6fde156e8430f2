import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * Prometheus metrics on `registry` whose value is kept elsewhere (a hub's or a watcher's
 * statistics) and read when the registry is scraped.
 */
export interface ScrapedMetrics {
  /** a gauge set to `value()` at each scrape */
  gauge(name: string, help: string, value: () => number): Gauge;
  /** a counter whose value is a total kept elsewhere (`value()`, read at each scrape) */
  total(name: string, help: string, value: () => number): Counter;
}

export function scrapedMetrics(registry: Registry): ScrapedMetrics {
  return {
    gauge: (name, help, value) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(value());
        },
      }),
    total: (name, help, value) =>
      new Counter({
        name,
        help,
        registers: [registry],
        collect() {
          this.reset();
          this.inc(value());
        },
      }),
  };
}

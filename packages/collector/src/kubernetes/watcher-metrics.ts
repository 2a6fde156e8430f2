import { Counter, type Registry } from 'prom-client';
import { scrapedMetrics } from '../scraped-metrics.js';
import type { ClusterWatcher } from './cluster-watcher.js';

/**
 * The cluster watcher's statistics on a Prometheus registry, read at scrape time:
 * `podtrail_k8s_leader` (1 on the replica that writes cluster state), `podtrail_k8s_pods` (pods held
 * in memory), `podtrail_k8s_pending_rows`, `podtrail_k8s_lists_total`, `podtrail_k8s_gone_total`
 * (re-lists after 410 Gone), `podtrail_k8s_watch_errors_total`, `podtrail_k8s_watch_events_total`,
 * `podtrail_k8s_rows_written_total{table}`, `podtrail_k8s_rows_dropped_total`.
 */
export function registerWatcherMetrics(registry: Registry, watcher: ClusterWatcher): void {
  const { gauge, total } = scrapedMetrics(registry);
  gauge('podtrail_k8s_leader', '1 on the collector replica that holds the Lease and writes cluster state', () =>
    watcher.isLeader ? 1 : 0,
  );
  gauge('podtrail_k8s_pods', 'Pods the cluster watcher holds in memory', () => watcher.stats().pods);
  gauge('podtrail_k8s_pending_rows', 'Cluster rows waiting to be written', () => watcher.stats().pendingRows);
  total('podtrail_k8s_lists_total', 'Complete lists read (first lists and re-lists)', () => watcher.stats().lists);
  total('podtrail_k8s_gone_total', 'Re-lists after 410 Gone (resourceVersion compacted)', () => watcher.stats().gone);
  total(
    'podtrail_k8s_watch_errors_total',
    'List or watch requests that failed (retried with backoff)',
    () => watcher.stats().errors,
  );
  total('podtrail_k8s_watch_events_total', 'Watch events received', () => watcher.stats().events);
  total('podtrail_k8s_rows_dropped_total', 'Cluster rows dropped past the pending bound', () => watcher.writer.dropped);
  new Counter({
    name: 'podtrail_k8s_rows_written_total',
    help: 'Cluster rows written, per table',
    labelNames: ['table'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [table, n] of Object.entries(watcher.writer.written)) this.inc({ table }, n);
    },
  });
}

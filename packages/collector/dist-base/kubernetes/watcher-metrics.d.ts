import { type Registry } from 'prom-client';
import type { ClusterWatcher } from './cluster-watcher.js';
/**
 * The cluster watcher's statistics on a Prometheus registry, read at scrape time:
 * `podtrail_k8s_leader` (1 on the replica that writes cluster state), `podtrail_k8s_pods` (pods held
 * in memory), `podtrail_k8s_pending_rows`, `podtrail_k8s_lists_total`, `podtrail_k8s_gone_total`
 * (re-lists after 410 Gone), `podtrail_k8s_watch_errors_total`, `podtrail_k8s_watch_events_total`,
 * `podtrail_k8s_rows_written_total{table}`, `podtrail_k8s_rows_dropped_total`.
 */
export declare function registerWatcherMetrics(registry: Registry, watcher: ClusterWatcher): void;
//# sourceMappingURL=watcher-metrics.d.ts.map
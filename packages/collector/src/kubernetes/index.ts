import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { ClusterWatcher } from './cluster-watcher.js';
import { KubeClient, loadKubeConfig } from './kube-client.js';
import type { KubernetesWatchConfig } from './watch-config.js';
import { registerWatcherMetrics } from './watcher-metrics.js';

export { REQUIRED_ACCESS } from './required-access.js';
export { type KubernetesWatchConfig, loadKubernetesWatchConfig } from './watch-config.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** the cluster watcher (absent when PODTRAIL_K8S_WATCH is off or not in a cluster) */
    clusterWatcher?: ClusterWatcher;
  }
}

export interface KubernetesPluginOptions {
  config: KubernetesWatchConfig;
  /** how long deletions and replica changes wait for their cause (default 2 s) */
  settleMs?: number;
}

/**
 * The Kubernetes cluster watcher (kubernetes/cluster-watcher.ts): Lease election, then list-and-
 * watch of pods, owners, HPAs and events into the k8s_* tables. Needs the clickhouse plugin.
 */
const kubernetesPlugin: FastifyPluginAsync<KubernetesPluginOptions> = async (app: FastifyInstance, opts) => {
  const c = opts.config;
  const client = new KubeClient(loadKubeConfig(c.kubeconfigPath));
  const log = app.log.child({ module: 'kubernetes' });
  const watcher = new ClusterWatcher({
    client,
    tables: app.tables,
    log,
    namespaces: c.namespaces,
    lease: { namespace: c.leaseNamespace, name: c.leaseName, identity: c.identity, durationMs: c.leaseDurationMs },
    ...(opts.settleMs !== undefined ? { settleMs: opts.settleMs } : {}),
    // what the leader stored goes out on the live topic, which every replica's hub reads (its
    // WebSocket clients get it whichever replica leads); without Kafka, to this process's hub
    onChange: (change) => {
      if (app.hasDecorator('kafka')) {
        // in order: callbacks of the one connect promise run as they were added
        app.kafka.connectProducer().then(
          () => app.kafka.livePublisher.publish({ kind: 'kubernetes', change }),
          (err: unknown) => log.warn({ err }, 'kubernetes: live change not published (Kafka producer)'),
        );
      } else if (app.hasDecorator('liveHub')) app.liveHub.publish({ kind: 'kubernetes', change });
    },
  });
  app.decorate('clusterWatcher', watcher);
  registerWatcherMetrics(app.ingestMetrics.registry, watcher);
  watcher.start();
  app.addHook('preClose', async () => {
    await watcher.stop(true);
    await watcher.writer.flush();
  });
};

export default fp(kubernetesPlugin, {
  name: 'podtrail-kubernetes',
  fastify: '5.x',
  dependencies: ['podtrail-clickhouse'],
});

import fp from 'fastify-plugin';
import { ClusterWatcher } from './cluster-watcher.js';
import { KubeClient, loadKubeConfig } from './kube-client.js';
import { registerWatcherMetrics } from './watcher-metrics.js';
export { REQUIRED_ACCESS } from './required-access.js';
export { loadKubernetesWatchConfig } from './watch-config.js';
/**
 * The Kubernetes cluster watcher (kubernetes/cluster-watcher.ts): Lease election, then list-and-
 * watch of pods, owners, HPAs and events into the k8s_* tables. Needs the clickhouse plugin.
 */
const kubernetesPlugin = async (app, opts) => {
    const c = opts.config;
    const client = new KubeClient(loadKubeConfig(c.kubeconfigPath));
    const watcher = new ClusterWatcher({
        client,
        tables: app.tables,
        log: app.log.child({ module: 'kubernetes' }),
        namespaces: c.namespaces,
        lease: { namespace: c.leaseNamespace, name: c.leaseName, identity: c.identity, durationMs: c.leaseDurationMs },
        ...(opts.settleMs !== undefined ? { settleMs: opts.settleMs } : {}),
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
//# sourceMappingURL=index.js.map
import type { FastifyPluginAsync } from 'fastify';
import { ClusterWatcher } from './cluster-watcher.js';
import type { KubernetesWatchConfig } from './watch-config.js';
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
declare const _default: FastifyPluginAsync<KubernetesPluginOptions>;
export default _default;
//# sourceMappingURL=index.d.ts.map
import type { FastifyInstance } from 'fastify';
import type { KubernetesWatchConfig } from '../kubernetes/index.js';
import { uniqueSuffix } from './ingest-harness.js';
import { KubeObjects } from './kube-objects.js';
import { waitForValue } from './wait-for.js';

/**
 * The namespaces a cluster-watcher test works in: `ns`, where it writes objects as kubelet and the
 * controllers would, and `leaseNs`, where the collectors elect their leader.
 */
export interface WatchedNamespaces {
  readonly ns: string;
  readonly leaseNs: string;
}

export function watchedNamespaces(prefix: string): WatchedNamespaces {
  return { ns: `${prefix}-${uniqueSuffix()}`, leaseNs: `lease-${uniqueSuffix()}` };
}

/**
 * Creates both namespaces with the admin's kubeconfig and grants the read-only collector account
 * the Lease rights it needs for leader election; returns the admin's object writer.
 */
export async function createWatchedNamespaces(adminKubeconfigPath: string, w: WatchedNamespaces): Promise<KubeObjects> {
  const k = new KubeObjects(adminKubeconfigPath);
  await k.namespace(w.ns);
  await k.namespace(w.leaseNs);
  await k.grantLease('podtrail-reader', w.leaseNs);
  return k;
}

/** The collector's watch settings with the reader's token, a short Lease so tests fail over fast. */
export function readerWatchConfig(
  readerKubeconfigPath: string,
  w: WatchedNamespaces,
  identity: string,
): KubernetesWatchConfig {
  return {
    kubeconfigPath: readerKubeconfigPath,
    namespaces: [w.ns],
    leaseNamespace: w.leaseNs,
    leaseName: 'podtrail-collector',
    identity,
    leaseDurationMs: 5_000,
  };
}

/** Resolves once the app's watcher holds the Lease and has listed what already exists. */
export async function untilWatcherLeads(app: FastifyInstance): Promise<void> {
  await waitForValue(() => app.clusterWatcher?.isLeader, Boolean, { what: 'the watcher to lead' });
  await app.clusterWatcher?.synced();
}

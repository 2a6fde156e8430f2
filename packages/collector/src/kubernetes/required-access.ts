/**
 * What the cluster watcher reads and writes in the Kubernetes API, the one list the RBAC manifests
 * are tested against (deploy/k8s): get/list/watch on what it watches, and get/create/update on the
 * leader-election Lease in its own namespace. Nothing else: the read rules are exactly the watcher's
 * WATCHED_RESOURCES (cluster-watcher.ts; test/e2e/k8s-manifest-consistency.test.ts checks both).
 */
export interface AccessRule {
  /** API group ('' = core) */
  group: string;
  resource: string;
  verbs: readonly string[];
  /** 'cluster': all namespaces (ClusterRole); 'lease-namespace': the collector's own namespace (Role) */
  scope: 'cluster' | 'lease-namespace';
}

const READ = ['get', 'list', 'watch'] as const;

export const REQUIRED_ACCESS: readonly AccessRule[] = [
  { group: '', resource: 'pods', verbs: READ, scope: 'cluster' },
  { group: '', resource: 'events', verbs: READ, scope: 'cluster' },
  { group: 'apps', resource: 'replicasets', verbs: READ, scope: 'cluster' },
  { group: 'apps', resource: 'deployments', verbs: READ, scope: 'cluster' },
  { group: 'apps', resource: 'statefulsets', verbs: READ, scope: 'cluster' },
  { group: 'apps', resource: 'daemonsets', verbs: READ, scope: 'cluster' },
  { group: 'batch', resource: 'jobs', verbs: READ, scope: 'cluster' },
  { group: 'batch', resource: 'cronjobs', verbs: READ, scope: 'cluster' },
  { group: 'autoscaling', resource: 'horizontalpodautoscalers', verbs: READ, scope: 'cluster' },
  { group: 'coordination.k8s.io', resource: 'leases', verbs: ['get', 'create', 'update'], scope: 'lease-namespace' },
];

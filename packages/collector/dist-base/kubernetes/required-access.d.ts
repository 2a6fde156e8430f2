/**
 * What the cluster watcher reads and writes in the Kubernetes API, the one list the RBAC manifests
 * are tested against (deploy/k8s): get/list/watch on what it watches, and get/create/update on the
 * leader-election Lease in its own namespace. Nothing else.
 */
export interface AccessRule {
    /** API group ('' = core) */
    group: string;
    resource: string;
    verbs: readonly string[];
    /** 'cluster': all namespaces (ClusterRole); 'lease-namespace': the collector's own namespace (Role) */
    scope: 'cluster' | 'lease-namespace';
}
export declare const REQUIRED_ACCESS: readonly AccessRule[];
//# sourceMappingURL=required-access.d.ts.map
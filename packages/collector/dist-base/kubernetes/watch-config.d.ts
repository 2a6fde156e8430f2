/** The cluster watcher's settings (env variables in docs/deploy.md). */
export interface KubernetesWatchConfig {
    /** kubeconfig file; null = in-cluster service account */
    kubeconfigPath: string | null;
    /** null = all namespaces */
    namespaces: string[] | null;
    leaseNamespace: string;
    leaseName: string;
    /** this replica in the Lease */
    identity: string;
    leaseDurationMs: number;
}
/**
 * PODTRAIL_K8S_WATCH=on|off|auto (default auto: on in a pod with a service account, or when
 * PODTRAIL_KUBECONFIG is set); PODTRAIL_KUBECONFIG (else KUBECONFIG with `on`);
 * PODTRAIL_K8S_NAMESPACES (comma-separated; default all); PODTRAIL_K8S_LEASE_NAMESPACE (default the
 * pod's namespace, else `default`); PODTRAIL_K8S_LEASE_NAME (default podtrail-collector);
 * PODTRAIL_K8S_LEASE_SECONDS (default 15). Returns null when the watcher is off; a bad value
 * throws an error naming the variable.
 */
export declare function loadKubernetesWatchConfig(env?: NodeJS.ProcessEnv): KubernetesWatchConfig | null;
//# sourceMappingURL=watch-config.d.ts.map
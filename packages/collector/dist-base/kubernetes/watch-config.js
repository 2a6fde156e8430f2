import { hostname } from 'node:os';
import { inCluster, podNamespace } from './kube-client.js';
const NAME_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/**
 * PODTRAIL_K8S_WATCH=on|off|auto (default auto: on in a pod with a service account, or when
 * PODTRAIL_KUBECONFIG is set); PODTRAIL_KUBECONFIG (else KUBECONFIG with `on`);
 * PODTRAIL_K8S_NAMESPACES (comma-separated; default all); PODTRAIL_K8S_LEASE_NAMESPACE (default the
 * pod's namespace, else `default`); PODTRAIL_K8S_LEASE_NAME (default podtrail-collector);
 * PODTRAIL_K8S_LEASE_SECONDS (default 15). Returns null when the watcher is off; a bad value
 * throws an error naming the variable.
 */
export function loadKubernetesWatchConfig(env = process.env) {
    const mode = (env.PODTRAIL_K8S_WATCH ?? 'auto').trim().toLowerCase();
    if (!['on', 'off', 'auto'].includes(mode))
        throw new Error(`PODTRAIL_K8S_WATCH must be on, off or auto, got ${JSON.stringify(env.PODTRAIL_K8S_WATCH)}`);
    if (mode === 'off')
        return null;
    const explicit = env.PODTRAIL_KUBECONFIG?.trim() || null;
    const cluster = inCluster(env);
    let kubeconfigPath;
    if (explicit)
        kubeconfigPath = explicit;
    else if (cluster)
        kubeconfigPath = null;
    else if (mode === 'on' && env.KUBECONFIG?.trim())
        kubeconfigPath = env.KUBECONFIG.trim().split(':')[0] ?? null;
    else if (mode === 'on')
        throw new Error('PODTRAIL_K8S_WATCH=on needs PODTRAIL_KUBECONFIG, KUBECONFIG or an in-cluster service account');
    else
        return null;
    const nsRaw = env.PODTRAIL_K8S_NAMESPACES?.trim();
    const namespaces = nsRaw
        ? nsRaw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : null;
    for (const n of namespaces ?? [])
        if (!NAME_RE.test(n))
            throw new Error(`PODTRAIL_K8S_NAMESPACES: ${JSON.stringify(n)} is not a namespace name`);
    const leaseNamespace = env.PODTRAIL_K8S_LEASE_NAMESPACE?.trim() || podNamespace() || 'default';
    if (!NAME_RE.test(leaseNamespace))
        throw new Error(`PODTRAIL_K8S_LEASE_NAMESPACE: ${JSON.stringify(leaseNamespace)} is not a namespace name`);
    const leaseName = env.PODTRAIL_K8S_LEASE_NAME?.trim() || 'podtrail-collector';
    if (!NAME_RE.test(leaseName))
        throw new Error(`PODTRAIL_K8S_LEASE_NAME: ${JSON.stringify(leaseName)} is not a valid name`);
    const secs = Number(env.PODTRAIL_K8S_LEASE_SECONDS ?? 15);
    if (!Number.isInteger(secs) || secs < 2 || secs > 300)
        throw new Error(`PODTRAIL_K8S_LEASE_SECONDS must be an integer 2..300, got ${JSON.stringify(env.PODTRAIL_K8S_LEASE_SECONDS)}`);
    return {
        kubeconfigPath,
        namespaces,
        leaseNamespace,
        leaseName,
        identity: `${env.POD_NAME || hostname()}_${process.pid}`,
        leaseDurationMs: secs * 1000,
    };
}
//# sourceMappingURL=watch-config.js.map
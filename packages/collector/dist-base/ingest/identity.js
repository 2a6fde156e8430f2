import { attributesToRecord, RESOURCE_KEYS, WORKLOAD_KEYS } from '@podtrail/contracts';
// Same shapes the agent recognises (Deployment `<name>-<hash>-<5>`, OpenShift DC `<name>-<n>-<5>`,
// StatefulSet `<name>-<ordinal>`, DaemonSet/Job `<name>-<5>`), for SDKs that send only a pod name.
// Kubernetes generated suffixes use an alphabet without vowels (and without 0, 1, 3).
const K = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_RE = new RegExp(`^(.+)-(${K}{6,10}|\\d{1,9})-(${K}{5})$`);
const STATEFULSET_RE = /^(.+)-(\d+)$/;
const SINGLE_SUFFIX_RE = new RegExp(`^(.+)-(${K}{5})$`);
const REPLICASET_RE = new RegExp(`^(.+)-(${K}{6,10})$`);
/**
 * Workload (kind, name): the first `k8s.<kind>.name` attribute in WORKLOAD_KEYS order; a bare
 * ReplicaSet name is reported as its Deployment (`web-7d4b9c8f5` -> Deployment `web`); without
 * any, the pod name's shape; without a pod name, the service name.
 */
export function extractWorkload(attrs, podName, serviceName) {
    for (const [kind, key] of WORKLOAD_KEYS) {
        const v = attrs[key];
        if (!v)
            continue;
        if (kind === 'ReplicaSet') {
            const m = REPLICASET_RE.exec(v);
            return m ? { kind: 'Deployment', name: m[1] } : { kind, name: v };
        }
        return { kind, name: v };
    }
    if (attrs[RESOURCE_KEYS.podName]) {
        const dep = DEPLOYMENT_RE.exec(podName);
        if (dep)
            return { kind: 'Deployment', name: dep[1] };
        const sts = STATEFULSET_RE.exec(podName);
        if (sts)
            return { kind: 'StatefulSet', name: sts[1] };
        const single = SINGLE_SUFFIX_RE.exec(podName);
        if (single)
            return { kind: 'DaemonSet', name: single[1] };
    }
    return { kind: '', name: serviceName };
}
export function identityFromAttributes(a) {
    const serviceName = a[RESOURCE_KEYS.serviceName] || 'unknown_service';
    const instanceIdAttr = a[RESOURCE_KEYS.instanceId] ?? '';
    const podName = a[RESOURCE_KEYS.podName] || a[RESOURCE_KEYS.hostName] || instanceIdAttr || serviceName;
    const podUid = a[RESOURCE_KEYS.podUid] ?? '';
    const wl = extractWorkload(a, podName, serviceName);
    const hb = Number(a[RESOURCE_KEYS.heartbeatIntervalMs] ?? 0);
    return {
        serviceName,
        serviceVersion: a[RESOURCE_KEYS.serviceVersion] ?? '',
        namespace: a[RESOURCE_KEYS.namespace] || a[RESOURCE_KEYS.serviceNamespace] || 'default',
        workload: wl.name,
        workloadKind: wl.kind,
        podName,
        podUid,
        instanceId: instanceIdAttr || podUid || podName,
        containerName: a[RESOURCE_KEYS.containerName] ?? '',
        nodeName: a[RESOURCE_KEYS.nodeName] ?? '',
        hostIp: a[RESOURCE_KEYS.hostIp] ?? '',
        heartbeatIntervalMs: Number.isFinite(hb) && hb > 0 ? hb : 0,
    };
}
const PER_INSTANCE_PREFIXES = ['k8s.', 'host.', 'os.', 'container.', 'process.', 'telemetry.', 'service.', 'podtrail.'];
/**
 * True for resource attributes that are constant for a process instance and kept in the
 * `instances` row (and partly in identity columns), so spans need not repeat them: `k8s.*`,
 * `host.*`, `os.*`, `container.*`, `process.*`, `telemetry.*`, `service.*`, `podtrail.*`.
 * Anything else (deployment.environment, cloud.*, custom keys) stays on every span.
 */
export function isInstanceResourceKey(key) {
    for (const p of PER_INSTANCE_PREFIXES)
        if (key.startsWith(p))
            return true;
    return false;
}
export function resourceContext(resource) {
    return contextFromAttributes(attributesToRecord(resource?.attributes ?? undefined));
}
export function contextFromAttributes(attributes) {
    const extra = {};
    for (const k in attributes)
        if (!isInstanceResourceKey(k))
            extra[k] = attributes[k];
    return { attributes, extra, identity: identityFromAttributes(attributes) };
}
//# sourceMappingURL=identity.js.map
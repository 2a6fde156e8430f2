import { LIFECYCLE_EVENTS } from '@podtrail/contracts';
/**
 * Decoded lifecycle events and span sightings for unit tests of the pod lifecycle tracker (what
 * ingest hands the tracker after decoding; the integration tests send the OTLP records instead).
 */
/** The identity of process `instanceId` of pod `podName` (workload `web`, namespace `shop`). */
export function podIdentity(podName, instanceId, extra = {}) {
    return {
        serviceName: 'web',
        serviceVersion: '1.0.0',
        namespace: 'shop',
        workload: 'web',
        workloadKind: 'Deployment',
        podName,
        podUid: `uid-${podName}`,
        instanceId,
        containerName: 'web',
        nodeName: 'node-1',
        hostIp: '10.1.2.3',
        heartbeatIntervalMs: 0,
        ...extra,
    };
}
/** Another process (instance) of the same pod. */
export function restartOf(id, instanceId) {
    return { ...id, instanceId };
}
export function lifecycleEvent(kind, identity, tsMs, o = {}) {
    return {
        name: LIFECYCLE_EVENTS[kind],
        tsMs,
        identity,
        attributes: o.attributes ?? {},
        resourceAttributes: { 'service.name': identity.serviceName, 'k8s.pod.name': identity.podName },
        body: o.body ?? '',
        heartbeatIntervalMs: o.heartbeatIntervalMs ?? 0,
    };
}
/** Spans of an instance from `firstSeenMs` (default: a single instant) to `lastSeenMs`. */
export function sighting(identity, lastSeenMs, firstSeenMs = lastSeenMs) {
    return { identity, attributes: { 'service.name': identity.serviceName }, firstSeenMs, lastSeenMs };
}
//# sourceMappingURL=lifecycle-events.js.map
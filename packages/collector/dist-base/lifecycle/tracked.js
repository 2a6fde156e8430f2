/** Key of a pod in the tracker's maps. */
export function podKey(namespace, podName) {
    return `${namespace}\0${podName}`;
}
/** An instance id short enough for a message (uuids: their first 8 characters). */
export function shortId(id) {
    return id.length > 12 ? id.slice(0, 8) : id;
}
/** An instance heard of for the first time (`fromSpans`: through spans only, never ready). */
export function newInstance(id, attrs, tsMs, heartbeatMs, fromSpans, heardLocal) {
    return {
        resourceAttributes: attrs,
        namespace: id.namespace,
        workload: id.workload,
        workloadKind: id.workloadKind,
        serviceName: id.serviceName,
        podName: id.podName,
        podUid: id.podUid,
        instanceId: id.instanceId,
        nodeName: id.nodeName,
        hostIp: id.hostIp,
        containerName: id.containerName,
        startedAt: tsMs,
        readyAt: fromSpans ? null : tsMs,
        lastSeen: tsMs,
        endedAt: null,
        state: 'running',
        endReason: '',
        exitDetail: '',
        heartbeatMs,
        lastHeardLocal: heardLocal,
        fromSpans,
        lastWrittenSeen: 0,
    };
}
/** The pod of a first instance. */
export function newPod(id, tsMs) {
    return {
        namespace: id.namespace,
        workload: id.workload,
        workloadKind: id.workloadKind,
        serviceName: id.serviceName,
        podName: id.podName,
        podUid: id.podUid,
        nodeName: id.nodeName,
        hostIp: id.hostIp,
        firstSeen: tsMs,
        lastSeen: tsMs,
        endedAt: null,
        state: 'running',
        endReason: '',
        instanceCount: 1,
        restartCount: 0,
        currentInstanceId: id.instanceId,
        lastWrittenSeen: 0,
    };
}
/** How an ended instance ended, for the reason of the restart that followed it. */
export function describeEnd(i) {
    switch (i.state) {
        case 'stopped':
            return `stopped gracefully${i.exitDetail ? ` (${i.exitDetail})` : ''}`;
        case 'crashed':
            return `crashed: ${i.endReason}`;
        case 'killed':
            return `was killed (${i.endReason})`;
        case 'restarted':
            return 'ended without a stop event';
        default:
            return i.state;
    }
}
//# sourceMappingURL=tracked.js.map
const msOrNull = (v) => (v === null ? null : Number(v));
const floorOrNull = (v) => (v === null ? null : Math.floor(v));
/** An instance loaded from the store; `heardLocal` starts its silence clock (a full grace period). */
export function instanceFromRow(r, heardLocal) {
    return {
        namespace: r.Namespace,
        workload: r.Workload,
        workloadKind: r.WorkloadKind,
        serviceName: r.ServiceName,
        podName: r.PodName,
        podUid: r.PodUid,
        instanceId: r.InstanceId,
        nodeName: r.NodeName,
        hostIp: r.HostIp,
        containerName: r.ContainerName,
        startedAt: Number(r.StartedAt),
        readyAt: msOrNull(r.ReadyAt),
        lastSeen: Number(r.LastSeen),
        endedAt: msOrNull(r.EndedAt),
        state: r.State,
        endReason: r.EndReason,
        exitDetail: r.ExitDetail,
        heartbeatMs: Number(r.HeartbeatMs) || 0,
        lastHeardLocal: heardLocal,
        fromSpans: r.ReadyAt === null,
        lastWrittenSeen: Number(r.LastSeen),
        resourceAttributes: r.ResourceAttributes ?? {},
    };
}
export function podFromRow(r) {
    return {
        namespace: r.Namespace,
        workload: r.Workload,
        workloadKind: r.WorkloadKind,
        serviceName: r.ServiceName,
        podName: r.PodName,
        podUid: r.PodUid,
        nodeName: r.NodeName,
        hostIp: r.HostIp,
        firstSeen: Number(r.FirstSeen),
        lastSeen: Number(r.LastSeen),
        endedAt: msOrNull(r.EndedAt),
        state: r.State,
        endReason: r.EndReason,
        instanceCount: Number(r.InstanceCount),
        restartCount: Number(r.RestartCount),
        currentInstanceId: r.CurrentInstanceId,
        lastWrittenSeen: Number(r.LastSeen),
    };
}
export function instanceToRow(i, version) {
    return {
        Namespace: i.namespace,
        Workload: i.workload,
        WorkloadKind: i.workloadKind,
        ServiceName: i.serviceName,
        PodName: i.podName,
        PodUid: i.podUid,
        InstanceId: i.instanceId,
        NodeName: i.nodeName,
        HostIp: i.hostIp,
        ContainerName: i.containerName,
        StartedAt: Math.floor(i.startedAt),
        ReadyAt: floorOrNull(i.readyAt),
        LastSeen: Math.floor(i.lastSeen),
        EndedAt: floorOrNull(i.endedAt),
        State: i.state,
        EndReason: i.endReason,
        ExitDetail: i.exitDetail,
        HeartbeatMs: i.heartbeatMs,
        ResourceAttributes: i.resourceAttributes,
        Version: version,
    };
}
export function podToRow(p, version) {
    return {
        Namespace: p.namespace,
        Workload: p.workload,
        WorkloadKind: p.workloadKind,
        ServiceName: p.serviceName,
        PodName: p.podName,
        PodUid: p.podUid,
        NodeName: p.nodeName,
        HostIp: p.hostIp,
        FirstSeen: Math.floor(p.firstSeen),
        LastSeen: Math.floor(p.lastSeen),
        EndedAt: floorOrNull(p.endedAt),
        State: p.state,
        EndReason: p.endReason,
        InstanceCount: p.instanceCount,
        RestartCount: p.restartCount,
        CurrentInstanceId: p.currentInstanceId,
        Version: version,
    };
}
//# sourceMappingURL=lifecycle-rows.js.map
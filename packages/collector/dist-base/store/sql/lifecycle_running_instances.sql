-- Running instances (the tracker keeps those of the lifecycle partitions it owns).
SELECT Namespace, Workload, WorkloadKind, ServiceName, PodName, PodUid, InstanceId, NodeName, HostIp, ContainerName,
    toUnixTimestamp64Milli(StartedAt) AS StartedAt, toUnixTimestamp64Milli(ReadyAt) AS ReadyAt,
    toUnixTimestamp64Milli(LastSeen) AS LastSeen, toUnixTimestamp64Milli(EndedAt) AS EndedAt,
    State, EndReason, ExitDetail, HeartbeatMs, ResourceAttributes, toString(Version) AS Version
FROM {db}.instances FINAL
WHERE State = 'running'

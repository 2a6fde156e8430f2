-- The most recent instances of each (namespace, pod name) asked for (batched like
-- lifecycle_pods_by_keys).
SELECT Namespace, Workload, WorkloadKind, ServiceName, PodName, PodUid, InstanceId, NodeName, HostIp, ContainerName,
    toUnixTimestamp64Milli(StartedAt) AS StartedAt, toUnixTimestamp64Milli(ReadyAt) AS ReadyAt,
    toUnixTimestamp64Milli(LastSeen) AS LastSeen, toUnixTimestamp64Milli(EndedAt) AS EndedAt,
    State, EndReason, ExitDetail, HeartbeatMs, ResourceAttributes, toString(Version) AS Version
FROM {db}.instances FINAL
WHERE (Namespace, PodName) IN {keys:Array(Tuple(String, String))}
ORDER BY StartedAt DESC
LIMIT 50 BY Namespace, PodName

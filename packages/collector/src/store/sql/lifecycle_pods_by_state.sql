SELECT Namespace, Workload, WorkloadKind, ServiceName, PodName, PodUid, NodeName, HostIp,
    toUnixTimestamp64Milli(FirstSeen) AS FirstSeen, toUnixTimestamp64Milli(LastSeen) AS LastSeen,
    toUnixTimestamp64Milli(EndedAt) AS EndedAt, State, EndReason, InstanceCount, RestartCount, CurrentInstanceId,
    toString(Version) AS Version
FROM ({part:latest_pod_rows})
WHERE State = {state:String}

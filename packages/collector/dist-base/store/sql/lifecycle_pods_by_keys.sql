-- The newest pod of each (namespace, pod name) asked for: the lifecycle tracker looks up the pods
-- it does not hold in memory in batches (many span-only pods arriving at once).
SELECT Namespace, Workload, WorkloadKind, ServiceName, PodName, PodUid, NodeName, HostIp,
    toUnixTimestamp64Milli(FirstSeen) AS FirstSeen, toUnixTimestamp64Milli(LastSeen) AS LastSeen,
    toUnixTimestamp64Milli(EndedAt) AS EndedAt, State, EndReason, InstanceCount, RestartCount, CurrentInstanceId,
    toString(Version) AS Version
FROM {db}.pods FINAL
WHERE (Namespace, PodName) IN {keys:Array(Tuple(String, String))}
ORDER BY FirstSeen DESC
LIMIT 1 BY Namespace, PodName

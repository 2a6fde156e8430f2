-- The row of each (namespace, pod name) asked for, as every read sees it (parts/latest_pod_rows.sql:
-- highest Version; the rule inline, for these pods): the lifecycle tracker looks up the pods it
-- does not hold in memory in batches (many span-only pods arriving at once), and goes on with the
-- workload the reads show. (`Version` is the string alias here: ordered as the number it holds.)
SELECT Namespace, Workload, WorkloadKind, ServiceName, PodName, PodUid, NodeName, HostIp,
    toUnixTimestamp64Milli(FirstSeen) AS FirstSeen, toUnixTimestamp64Milli(LastSeen) AS LastSeen,
    toUnixTimestamp64Milli(EndedAt) AS EndedAt, State, EndReason, InstanceCount, RestartCount, CurrentInstanceId,
    toString(Version) AS Version
FROM {db}.pods FINAL
WHERE (Namespace, PodName) IN {keys:Array(Tuple(String, String))}
ORDER BY toUInt64(Version) DESC, Workload ASC
LIMIT 1 BY Namespace, PodName

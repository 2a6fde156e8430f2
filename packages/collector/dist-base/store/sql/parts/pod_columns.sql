-- A pod (pods table) as routes/tx-common.ts PodRow reads it.
Namespace AS ns, Workload AS w, WorkloadKind AS wk, ServiceName AS s, PodName AS p,
PodUid AS uid, NodeName AS node, HostIp AS ip,
toUnixTimestamp64Milli(FirstSeen) AS firstSeen, toUnixTimestamp64Milli(LastSeen) AS lastSeen,
toUnixTimestamp64Milli(EndedAt) AS endedAt, toString(State) AS state, EndReason AS endReason,
InstanceCount AS instances, RestartCount AS restarts, CurrentInstanceId AS current

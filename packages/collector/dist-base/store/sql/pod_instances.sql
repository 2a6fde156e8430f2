-- Pod post-mortem: its process instances and how each ended.
SELECT InstanceId AS inst, ContainerName AS container, NodeName AS node,
       toUnixTimestamp64Milli(StartedAt) AS startedAt, toUnixTimestamp64Milli(ReadyAt) AS readyAt,
       toUnixTimestamp64Milli(LastSeen) AS lastSeen, toUnixTimestamp64Milli(EndedAt) AS endedAt,
       toString(State) AS state, EndReason AS endReason, ExitDetail AS exitDetail
FROM {db}.instances FINAL
WHERE Namespace = {ns:String} AND Workload = {w:String} AND PodName = {p:String}
ORDER BY StartedAt

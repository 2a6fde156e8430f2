-- GET /workloads/:namespace/:workload/history: the workload's instances alive in [fromMs, toMs].
SELECT PodName AS p, InstanceId AS inst, toUnixTimestamp64Milli(StartedAt) AS startedAt,
       toUnixTimestamp64Milli(LastSeen) AS lastSeen, toUnixTimestamp64Milli(EndedAt) AS endedAt,
       toString(State) AS state, EndReason AS endReason
FROM {db}.instances FINAL
WHERE Namespace = {ns:String} AND Workload = {w:String}
  AND StartedAt <= fromUnixTimestamp64Milli({toMs:Int64})
  AND (State = 'running' OR coalesce(EndedAt, LastSeen) >= fromUnixTimestamp64Milli({fromMs:Int64}))
ORDER BY StartedAt, InstanceId

-- GET /workloads/:namespace/:workload/history: the workload's lifecycle transitions in [fromMs, toMs).
SELECT {part:transition_columns}
FROM {db}.pod_transitions FINAL
WHERE Namespace = {ns:String} AND Workload = {w:String}
  AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
ORDER BY Timestamp, PodName, Transition
LIMIT 10000

-- GET /workloads/:namespace/:workload/hpa: replica changes of the Deployment / StatefulSet in the window.
SELECT toUnixTimestamp64Milli(Timestamp) AS ts, toString(Kind) AS kind, Replicas AS replicas, FromReplicas AS fromR,
       ReadyReplicas AS ready, UpdatedReplicas AS updated, AvailableReplicas AS available, Cause AS cause
FROM {db}.k8s_workload_replicas FINAL
WHERE Namespace = {ns:String} AND Name = {w:String}
  AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
ORDER BY Timestamp
LIMIT 10000

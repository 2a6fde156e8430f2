-- GET /workloads/:namespace/:workload/hpa: HPA points of the workload's HPAs up to toMs, oldest first
-- (the route keeps the window and the last point before it).
SELECT Name AS name, toString(TargetKind) AS targetKind, toUnixTimestamp64Milli(Timestamp) AS ts,
       MinReplicas AS minR, MaxReplicas AS maxR, CurrentReplicas AS cur, DesiredReplicas AS des,
       MetricNames AS mNames, MetricTypes AS mTypes, MetricTargets AS mTargets, MetricCurrents AS mCurrents,
       toUnixTimestamp64Milli(LastScaleTime) AS lastScale
FROM {db}.k8s_hpa_history FINAL
WHERE Namespace = {ns:String} AND TargetName = {w:String}
  AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
ORDER BY Name, Timestamp
LIMIT 100000

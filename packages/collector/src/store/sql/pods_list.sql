-- GET /pods: one page of the pods in the window, pods that never ran an agent too, in the order asked
-- for (routes/pods.ts; the default puts running pods first). The sort keys are aliases here so
-- {order_by} names only them. Each row also carries the totals of pods_count.sql (window functions,
-- before LIMIT), so a page needs one statement; the route runs pods_count only past the last page.
SELECT {part:pod_columns},
       State = 'running' AS isRunning,
       ifNull(toUnixTimestamp64Milli(EndedAt), toInt64(9000000000000000)) AS endedKey,
       toUnixTimestamp64Milli(coalesce(EndedAt, now64(3))) - toUnixTimestamp64Milli(FirstSeen) AS lifeMs,
       count() OVER () AS totalPods, countIf(State = 'running') OVER () AS totalRunning,
       sum(RestartCount) OVER () AS totalRestarts
FROM ({part:agent_and_cluster_pods})
WHERE {part:pods_in_window} AND {where}
ORDER BY {order_by}
LIMIT {limit:UInt32} OFFSET {offset:UInt32}

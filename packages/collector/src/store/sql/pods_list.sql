-- GET /pods: pods in the window, running first (routes/pods.ts).
SELECT {part:pod_columns}
FROM {db}.pods FINAL
WHERE {part:pods_in_window} AND {where}
ORDER BY (State = 'running') DESC, Namespace, Workload, FirstSeen DESC, PodName
LIMIT {limit:UInt32} OFFSET {offset:UInt32}

-- GET /pods: pods in the window, running first (routes/pods.ts); pods that never ran an agent too.
SELECT {part:pod_columns}
FROM ({part:agent_and_cluster_pods})
WHERE {part:pods_in_window} AND {where}
ORDER BY (State = 'running') DESC, Namespace, Workload, FirstSeen DESC, PodName
LIMIT {limit:UInt32} OFFSET {offset:UInt32}

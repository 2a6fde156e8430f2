-- Of the cluster pods matched to one pods row by name and lifetime (parts/cluster_pods_by_name.sql,
-- grouped by the row: Namespace, PodName, AgentUid), the newest: its uid, restarts, workload, node.
argMax(PodUid, CreatedAt) AS ClusterUid, argMax(RestartCount, CreatedAt) AS RestartCount,
argMax(Workload, CreatedAt) AS Workload, argMax(WorkloadKind, CreatedAt) AS WorkloadKind,
argMax(NodeName, CreatedAt) AS NodeName

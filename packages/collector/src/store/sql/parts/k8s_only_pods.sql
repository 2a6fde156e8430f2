-- Pods only the cluster knows (never ran an agent: Pending, image pull errors...), in the columns of
-- the pods table; state from the cluster: live until it ended, then by how it ended. A cluster pod
-- the pods table holds, by uid or by name and lifetime (parts/cluster_pods_by_name.sql), is not one.
-- The uids looked up in the pods table are the cluster's only: a set of every uid of the pods
-- table's 90 days cost more than the rest of the list.
SELECT Namespace, Workload, WorkloadKind, '' AS ServiceName, PodName, PodUid, NodeName, HostIp,
       CreatedAt AS FirstSeen, UpdatedAt AS LastSeen, EndedAt,
       multiIf(EndReason = '' AND Deleted = 0, 'running', Phase = 'Succeeded', 'stopped',
               Phase = 'Failed' AND Reason = '', 'crashed', 'killed') AS State,
       EndReason, toUInt32(0) AS InstanceCount, RestartCount, '' AS CurrentInstanceId
FROM {db}.k8s_pods FINAL
WHERE PodUid NOT IN (SELECT PodUid FROM {db}.pods WHERE PodUid IN (SELECT PodUid FROM {db}.k8s_pods WHERE PodUid != ''))
  AND PodUid NOT IN (SELECT PodUid FROM ({part:cluster_pods_by_name}))

-- Cluster pods (k8s_pods) the pods table holds without their uid: a pods row of the same namespace
-- and pod name whose lifetime (FirstSeen..coalesce(EndedAt, LastSeen)) overlaps the cluster pod's
-- (CreatedAt..coalesce(EndedAt, now)), and whose own uid the cluster does not know: '' (an SDK
-- without k8s.pod.uid, span-only pods) or the agent's host-derived uid (run without POD_UID). Two
-- pods of one name never live at once in a namespace, so that is the same pod; a StatefulSet pod
-- re-created under its name (new uid, later) overlaps only its own incarnation. A pods row whose uid
-- the cluster knows is matched by uid only (parts/agent_and_cluster_pods.sql). Every row version
-- of the pods table counts (as the uid match in parts/k8s_only_pods.sql); a cluster pod may come
-- out more than once, with the pods row's uid (AgentUid). Both tables are sharded by (Namespace,
-- PodName) on a cluster.
SELECT k.Namespace AS Namespace, k.PodName AS PodName, k.PodUid AS PodUid, k.NodeName AS NodeName,
       k.RestartCount AS RestartCount, k.Workload AS Workload, k.WorkloadKind AS WorkloadKind,
       k.CreatedAt AS CreatedAt, p.AgentUid AS AgentUid
FROM (SELECT Namespace, PodName, PodUid AS AgentUid, FirstSeen, coalesce(EndedAt, LastSeen) AS LastAlive
      FROM {db}.pods
      WHERE PodUid NOT IN (SELECT PodUid FROM {db}.k8s_pods WHERE PodUid != '')) AS p
INNER JOIN (SELECT Namespace, PodName, PodUid, NodeName, RestartCount, Workload, WorkloadKind, CreatedAt,
                   coalesce(EndedAt, now64(3)) AS GoneAt
            FROM {db}.k8s_pods FINAL WHERE PodUid != '') AS k
  ON k.Namespace = p.Namespace AND k.PodName = p.PodName
WHERE p.FirstSeen <= k.GoneAt AND k.CreatedAt <= p.LastAlive

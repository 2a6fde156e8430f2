-- Pod post-mortem: the pod's row as every read sees it (parts/latest_pod_rows.sql: highest
-- Version; the rule inline, for one pod), with its cluster pod as GET /pods shows it
-- (parts/agent_and_cluster_pods.sql): the cluster pod of its uid, else, when the cluster does not
-- know its uid ('' or the agent's host-derived uid), the newest cluster pod of its namespace and
-- name alive at the same time. The row's own uid keys both (a uid the cluster knows is never an
-- AgentUid of parts/cluster_pods_by_name.sql).
SELECT {part:pod_columns}
FROM (SELECT {part:agent_pod_cluster_columns}
      FROM (SELECT * FROM {db}.pods FINAL
            WHERE Namespace = {ns:String} AND PodName = {p:String}
            ORDER BY Version DESC, Workload ASC
            LIMIT 1) AS p
      LEFT JOIN (SELECT PodUid AS JoinUid, PodUid AS ClusterUid, RestartCount, Workload, WorkloadKind, NodeName
                 FROM {db}.k8s_pods FINAL
                 WHERE PodUid != ''
                   AND PodUid IN (SELECT PodUid FROM {db}.pods WHERE Namespace = {ns:String} AND PodName = {p:String})
                 UNION ALL
                 SELECT AgentUid AS JoinUid, {part:newest_cluster_pod_columns}
                 FROM ({part:cluster_pods_by_name})
                 WHERE Namespace = {ns:String} AND PodName = {p:String}
                 GROUP BY AgentUid) AS k
        ON k.JoinUid = p.PodUid)

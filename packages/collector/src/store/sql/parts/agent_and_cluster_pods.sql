-- The agent's pods and the pods only the cluster knows, in the columns of the pods table. An agent
-- pod is the cluster's pod of its uid, else, when the cluster does not know its uid, the newest
-- cluster pod of its namespace and name alive at the same time (parts/cluster_pods_by_name.sql),
-- whose uid and facts it then shows (parts/agent_pod_cluster_columns.sql, as pod_by_name.sql);
-- one join, on either key (the name key carries the row's own uid: a row matches one key or none).
-- A pod the cluster knows counts the cluster's restarts, as each row of GET /pods shows them, so
-- totals and the restarts sort agree with the rows.
SELECT {part:agent_pod_cluster_columns}
FROM ({part:latest_pod_rows_in_window}) AS p
LEFT JOIN (SELECT PodUid AS JoinUid, '\0' AS NameKey, PodUid AS ClusterUid, RestartCount, Workload, WorkloadKind,
                  NodeName
           FROM {db}.k8s_pods FINAL WHERE PodUid != ''
           UNION ALL
           SELECT '\0' AS JoinUid, concat(Namespace, '/', PodName, '/', AgentUid) AS NameKey,
                  {part:newest_cluster_pod_columns}
           FROM ({part:cluster_pods_by_name}) GROUP BY Namespace, PodName, AgentUid) AS k
  ON k.JoinUid = p.PodUid OR k.NameKey = concat(p.Namespace, '/', p.PodName, '/', p.PodUid)
UNION ALL
{part:k8s_only_pods}

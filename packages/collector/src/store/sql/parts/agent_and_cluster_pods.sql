-- The agent's pods and the pods only the cluster knows, in the columns of the pods table. An agent
-- pod is the cluster's pod of its uid, else, when the cluster does not know its uid, the newest
-- cluster pod of its namespace and name alive at the same time (parts/cluster_pods_by_name.sql),
-- whose uid it then shows, so the route attaches the cluster's facts to it (routes/kubernetes-facts.ts);
-- one join, on either key (the name key carries the row's own uid: a row matches one key or none).
-- A pod the cluster knows counts the cluster's restarts (`kubectl get pods` RESTARTS), as each row of
-- GET /pods shows them, so totals and the restarts sort agree with the rows; the cluster's workload
-- kind when it names the same workload (a CronJob's pod name looks like a Deployment's to the agent:
-- <cronjob>-<minutes>-<5 random>); the cluster's node when the agent's row has none.
SELECT p.Namespace AS Namespace, p.Workload AS Workload,
       if(k.ClusterUid != '' AND k.Workload = p.Workload AND k.WorkloadKind != '', k.WorkloadKind, p.WorkloadKind)
         AS WorkloadKind,
       p.ServiceName AS ServiceName,
       p.PodName AS PodName, if(k.ClusterUid != '', k.ClusterUid, p.PodUid) AS PodUid,
       if(p.NodeName = '' AND k.ClusterUid != '', k.NodeName, p.NodeName) AS NodeName, p.HostIp AS HostIp,
       p.FirstSeen AS FirstSeen, p.LastSeen AS LastSeen, p.EndedAt AS EndedAt, toString(p.State) AS State,
       p.EndReason AS EndReason, p.InstanceCount AS InstanceCount,
       if(k.ClusterUid = '', p.RestartCount, k.RestartCount) AS RestartCount, p.CurrentInstanceId AS CurrentInstanceId
FROM ({part:latest_pod_rows}) AS p
LEFT JOIN (SELECT PodUid AS JoinUid, '\0' AS NameKey, PodUid AS ClusterUid, RestartCount, Workload, WorkloadKind,
                  NodeName
           FROM {db}.k8s_pods FINAL WHERE PodUid != ''
           UNION ALL
           SELECT '\0' AS JoinUid, concat(Namespace, '/', PodName, '/', AgentUid) AS NameKey,
                  argMax(PodUid, CreatedAt) AS ClusterUid, argMax(RestartCount, CreatedAt) AS RestartCount,
                  argMax(Workload, CreatedAt) AS Workload, argMax(WorkloadKind, CreatedAt) AS WorkloadKind,
                  argMax(NodeName, CreatedAt) AS NodeName
           FROM ({part:cluster_pods_by_name}) GROUP BY Namespace, PodName, AgentUid) AS k
  ON k.JoinUid = p.PodUid OR k.NameKey = concat(p.Namespace, '/', p.PodName, '/', p.PodUid)
UNION ALL
{part:k8s_only_pods}

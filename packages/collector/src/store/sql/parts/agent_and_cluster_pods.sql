-- The agent's pods and the pods only the cluster knows, in the columns of the pods table. An agent
-- pod is the cluster's pod of its uid (k), else, when the cluster does not know its uid, the newest
-- cluster pod of its name alive at the same time (n: parts/cluster_pods_by_name.sql), whose uid it
-- then shows (so the route attaches the cluster's facts to it, routes/kubernetes-facts.ts). A pod
-- the cluster knows counts the cluster's restarts (`kubectl get pods` RESTARTS), as each row of
-- GET /pods shows them, so totals and the restarts sort agree with the rows; the cluster's workload
-- kind when it names the same workload (a CronJob's pod name looks like a Deployment's to the agent:
-- <cronjob>-<minutes>-<5 random>); the cluster's node when the agent's row has none.
SELECT p.Namespace AS Namespace, p.Workload AS Workload,
       multiIf(k.PodUid != '', if(k.Workload = p.Workload AND k.WorkloadKind != '', k.WorkloadKind, p.WorkloadKind),
               n.PodUid != '' AND n.Workload = p.Workload AND n.WorkloadKind != '', n.WorkloadKind,
               p.WorkloadKind) AS WorkloadKind,
       p.ServiceName AS ServiceName,
       p.PodName AS PodName, if(k.PodUid = '' AND n.PodUid != '', n.PodUid, p.PodUid) AS PodUid,
       multiIf(p.NodeName != '', p.NodeName, k.PodUid != '', k.NodeName, n.NodeName) AS NodeName,
       p.HostIp AS HostIp,
       p.FirstSeen AS FirstSeen, p.LastSeen AS LastSeen, p.EndedAt AS EndedAt, toString(p.State) AS State,
       p.EndReason AS EndReason, p.InstanceCount AS InstanceCount,
       multiIf(k.PodUid != '', k.RestartCount, n.PodUid != '', n.RestartCount, p.RestartCount) AS RestartCount,
       p.CurrentInstanceId AS CurrentInstanceId
FROM ({part:latest_pod_rows}) AS p
LEFT JOIN (SELECT PodUid, RestartCount, Workload, WorkloadKind, NodeName FROM {db}.k8s_pods FINAL WHERE PodUid != '') AS k
  ON k.PodUid = p.PodUid
LEFT JOIN (SELECT Namespace, PodName, argMax(PodUid, CreatedAt) AS PodUid, argMax(NodeName, CreatedAt) AS NodeName,
                  argMax(RestartCount, CreatedAt) AS RestartCount, argMax(Workload, CreatedAt) AS Workload,
                  argMax(WorkloadKind, CreatedAt) AS WorkloadKind
           FROM ({part:cluster_pods_by_name}) GROUP BY Namespace, PodName) AS n
  ON n.Namespace = p.Namespace AND n.PodName = p.PodName
UNION ALL
{part:k8s_only_pods}

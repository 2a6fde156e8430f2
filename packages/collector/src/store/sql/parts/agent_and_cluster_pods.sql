-- The agent's pods and the pods only the cluster knows, in the columns of the pods table. A pod the
-- cluster knows counts the cluster's restarts (`kubectl get pods` RESTARTS), as each row of GET /pods
-- shows them (routes/kubernetes-facts.ts), so totals and the restarts sort agree with the rows; and
-- the cluster's workload kind when it names the same workload (a CronJob's pod name looks like a
-- Deployment's to the agent: <cronjob>-<minutes>-<5 random>).
SELECT p.Namespace AS Namespace, p.Workload AS Workload,
       if(k.PodUid != '' AND k.Workload = p.Workload AND k.WorkloadKind != '', k.WorkloadKind, p.WorkloadKind)
         AS WorkloadKind,
       p.ServiceName AS ServiceName,
       p.PodName AS PodName, p.PodUid AS PodUid, p.NodeName AS NodeName, p.HostIp AS HostIp,
       p.FirstSeen AS FirstSeen, p.LastSeen AS LastSeen, p.EndedAt AS EndedAt, toString(p.State) AS State,
       p.EndReason AS EndReason, p.InstanceCount AS InstanceCount,
       if(k.PodUid = '', p.RestartCount, k.RestartCount) AS RestartCount, p.CurrentInstanceId AS CurrentInstanceId
FROM ({part:latest_pod_rows}) AS p
LEFT JOIN (SELECT PodUid, RestartCount, Workload, WorkloadKind FROM {db}.k8s_pods FINAL WHERE PodUid != '') AS k
  ON k.PodUid = p.PodUid
UNION ALL
{part:k8s_only_pods}

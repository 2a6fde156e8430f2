-- An agent pod (pods row, alias p) joined to its cluster pod (alias k: ClusterUid, RestartCount,
-- Workload, WorkloadKind, NodeName; ClusterUid '' when none), in the columns of the pods table: the
-- cluster's uid, so the route attaches the cluster's facts to it (routes/kubernetes-facts.ts); the
-- cluster's restarts (`kubectl get pods` RESTARTS); the cluster's workload kind when it names the same
-- workload (a CronJob's pod name looks like a Deployment's to the agent: <cronjob>-<minutes>-<5
-- random>); the cluster's node when the agent's row has none. The pods list and the post-mortem alike.
p.Namespace AS Namespace, p.Workload AS Workload,
if(k.ClusterUid != '' AND k.Workload = p.Workload AND k.WorkloadKind != '', k.WorkloadKind, p.WorkloadKind)
  AS WorkloadKind,
p.ServiceName AS ServiceName,
p.PodName AS PodName, if(k.ClusterUid != '', k.ClusterUid, p.PodUid) AS PodUid,
if(p.NodeName = '' AND k.ClusterUid != '', k.NodeName, p.NodeName) AS NodeName, p.HostIp AS HostIp,
p.FirstSeen AS FirstSeen, p.LastSeen AS LastSeen, p.EndedAt AS EndedAt, toString(p.State) AS State,
p.EndReason AS EndReason, p.InstanceCount AS InstanceCount,
if(k.ClusterUid = '', p.RestartCount, k.RestartCount) AS RestartCount, p.CurrentInstanceId AS CurrentInstanceId

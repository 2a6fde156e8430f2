-- The agent's pods and the pods only the cluster knows, in the columns of the pods table.
SELECT Namespace, Workload, WorkloadKind, ServiceName, PodName, PodUid, NodeName, HostIp, FirstSeen, LastSeen,
       EndedAt, toString(State) AS State, EndReason, InstanceCount, RestartCount, CurrentInstanceId
FROM {db}.pods FINAL
UNION ALL
{part:k8s_only_pods}

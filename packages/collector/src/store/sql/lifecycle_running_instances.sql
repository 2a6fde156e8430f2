-- Running instances (the tracker keeps those of the lifecycle partitions it owns): each instance's
-- newest row (what FINAL keeps: highest Version per ORDER BY key), of the instances with a running
-- row only, picked as lifecycle_pods_by_state.sql picks pods; FINAL merged 90 days of instances.
SELECT Namespace, Workload, WorkloadKind, ServiceName, PodName, PodUid, InstanceId, NodeName, HostIp, ContainerName,
    toUnixTimestamp64Milli(StartedAt) AS StartedAt, toUnixTimestamp64Milli(ReadyAt) AS ReadyAt,
    toUnixTimestamp64Milli(LastSeen) AS LastSeen, toUnixTimestamp64Milli(EndedAt) AS EndedAt,
    State, EndReason, ExitDetail, HeartbeatMs, ResourceAttributes, toString(Version) AS Version
FROM (SELECT * FROM {db}.instances
      PREWHERE Version >= (SELECT min(Version) FROM {db}.instances WHERE State = 'running')
      WHERE cityHash64(Namespace, Workload, PodName, InstanceId)
            IN (SELECT cityHash64(Namespace, Workload, PodName, InstanceId) FROM {db}.instances WHERE State = 'running')
      ORDER BY Version DESC
      LIMIT 1 BY Namespace, Workload, PodName, InstanceId)
WHERE State = 'running'

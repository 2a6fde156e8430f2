-- The pods whose newest row (parts/latest_pod_rows.sql's rule) is in this state: the tracker loads
-- the running ones on each lifecycle partition assignment. Sorted are only the pods with a row in
-- the state, picked as parts/latest_pod_rows_in_window.sql picks a window's (a row that supersedes
-- one has a higher Version): at 90 days of pods the whole-table sort took seconds
-- (bench/churn/statements.mjs).
SELECT Namespace, Workload, WorkloadKind, ServiceName, PodName, PodUid, NodeName, HostIp,
    toUnixTimestamp64Milli(FirstSeen) AS FirstSeen, toUnixTimestamp64Milli(LastSeen) AS LastSeen,
    toUnixTimestamp64Milli(EndedAt) AS EndedAt, State, EndReason, InstanceCount, RestartCount, CurrentInstanceId,
    toString(Version) AS Version
FROM (SELECT * FROM {db}.pods
      PREWHERE Version >= (SELECT min(Version) FROM {db}.pods WHERE State = {state:String})
      WHERE cityHash64(Namespace, PodName) IN (SELECT cityHash64(Namespace, PodName) FROM {db}.pods WHERE State = {state:String})
      ORDER BY Version DESC, Workload ASC
      LIMIT 1 BY Namespace, PodName)
WHERE State = {state:String}

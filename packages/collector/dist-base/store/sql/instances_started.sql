-- Pods list: start time of these instances (the cluster's terminations are matched to them).
SELECT InstanceId AS inst, toUnixTimestamp64Milli(min(StartedAt)) AS startedAt
FROM {db}.instances
WHERE InstanceId IN {ids:Array(String)}
GROUP BY InstanceId

-- GET /workloads/:namespace/:workload/hpa: the workload's container and pod ends in the window
-- (restart markers with the cluster's reasons), oldest first.
SELECT PodName AS p, PodUid AS uid, Container AS container, toString(Reason) AS reason, ExitCode AS exitCode,
       Signal AS signal, Message AS message, toUnixTimestamp64Milli(StartedAt) AS startedAt,
       toUnixTimestamp64Milli(FinishedAt) AS finishedAt, RestartCount AS restartCount
FROM {db}.k8s_terminations FINAL
WHERE Namespace = {ns:String} AND Workload = {w:String}
  AND FinishedAt >= fromUnixTimestamp64Milli({fromMs:Int64}) AND FinishedAt < fromUnixTimestamp64Milli({toMs:Int64})
ORDER BY FinishedAt, PodName, Container
LIMIT 1 BY PodUid, Container, Reason, if(Container = '', 0, toUnixTimestamp64Milli(FinishedAt))
LIMIT 5000

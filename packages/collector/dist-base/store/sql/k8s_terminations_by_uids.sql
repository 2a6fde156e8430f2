-- Terminations of these pods, oldest first; a pod-level end observed twice (a new leader) once.
SELECT PodUid AS uid, Container AS container, toString(Reason) AS reason, ExitCode AS exitCode, Signal AS signal,
       Message AS message, toUnixTimestamp64Milli(StartedAt) AS startedAt, toUnixTimestamp64Milli(FinishedAt) AS finishedAt,
       RestartCount AS restartCount
FROM {db}.k8s_terminations FINAL
WHERE PodUid IN {uids:Array(String)}
ORDER BY FinishedAt, Container
LIMIT 1 BY PodUid, Container, Reason, if(Container = '', 0, toUnixTimestamp64Milli(FinishedAt))

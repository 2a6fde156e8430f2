-- Probe failures and probe kills of these pods (the cause of a container's kill).
SELECT InvolvedUid AS uid, toUnixTimestamp64Milli(Timestamp) AS ts, toString(Reason) AS reason, Message AS message
FROM {db}.k8s_events FINAL
WHERE InvolvedUid IN {uids:Array(String)} AND Reason IN ('Unhealthy', 'Killing')
ORDER BY Timestamp
LIMIT 5000

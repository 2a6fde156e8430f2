-- GET /pods/:uid/kubernetes: the pod's events, oldest first (every count of a repeated event).
SELECT {part:k8s_event_columns}
FROM {db}.k8s_events FINAL
WHERE InvolvedUid = {uid:String}
ORDER BY Timestamp, Count
LIMIT 2000

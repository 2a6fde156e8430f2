-- GET /events: Kubernetes events in [fromMs, toMs), newest first.
SELECT {part:k8s_event_columns}
FROM {db}.k8s_events FINAL
WHERE Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
  AND {where}
ORDER BY Timestamp DESC, InvolvedName, Count DESC
LIMIT {limit:UInt32}

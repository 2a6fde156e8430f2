-- GET /events: pod lifecycle transitions in [fromMs, toMs), newest first.
SELECT {part:transition_columns}
FROM {db}.pod_transitions FINAL
WHERE Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
  AND {where}
ORDER BY Timestamp DESC, PodName, Transition
LIMIT {limit:UInt32}

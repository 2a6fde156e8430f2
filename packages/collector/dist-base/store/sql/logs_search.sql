-- GET /api/v1/logs: one page of log records in [fromMs, toMs), newest first. {where} holds the
-- filters and the cursor position (routes/logs.ts): records at or before the cursor's
-- (Timestamp, lineKey), of which the first `skip` (the ones the previous page already answered at
-- exactly that position) are stepped over.
SELECT {part:log_record_columns}
FROM {db}.logs
WHERE Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
  AND {where}
ORDER BY Timestamp DESC, lineKey DESC
LIMIT {limit:UInt32} OFFSET {skip:UInt32}

-- GET /spans: spans started in [fromMs, toMs), newest first.
SELECT {part:span_columns}
FROM {db}.spans
WHERE Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
  AND {where}
ORDER BY Timestamp DESC, SpanId
LIMIT {limit:UInt32}

-- GET /traces/:traceId: the spans of a trace inside its time range.
SELECT {part:span_columns}
FROM {db}.spans
WHERE TraceId = unhex({id:String})
  AND Timestamp >= fromUnixTimestamp64Milli({lo:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({hi:Int64})
ORDER BY Timestamp, SpanId
LIMIT {max:UInt32}

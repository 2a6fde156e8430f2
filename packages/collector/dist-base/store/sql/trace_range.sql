-- GET /traces/:traceId: the time range of a trace (trace_index), so its spans are read in it only.
SELECT toUnixTimestamp64Milli(min(Start)) AS lo, toUnixTimestamp64Milli(max(End)) AS hi, count() AS n
FROM {db}.trace_index
WHERE TraceId = unhex({id:String})

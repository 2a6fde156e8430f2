-- GET /api/v1/traces/:traceId/logs: every log record of one trace, oldest first (bounded).
SELECT {part:log_record_columns}
FROM {db}.logs
WHERE TraceId = unhex({id:String})
ORDER BY Timestamp ASC, lineKey ASC
LIMIT {max:UInt32}

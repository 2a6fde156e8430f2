-- A transaction (spans table) as routes/tx-common.ts TxRow reads it.
lower(hex(TraceId)) AS traceId, lower(hex(SpanId)) AS spanId,
toUnixTimestamp64Milli(Timestamp) AS startMs, {rule:end_ms} AS endMs, DurationNs AS durNs,
SpanName AS name, HttpRoute AS route, HttpMethod AS method, HttpStatusCode AS status,
{rule:failed_transaction} AS err, ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, InstanceId AS inst

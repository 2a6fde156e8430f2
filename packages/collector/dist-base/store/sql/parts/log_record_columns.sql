-- A log record (logs table) as routes/logs.ts LogRow reads it. `lineKey` orders records that share
-- a Timestamp (a hash of what the record holds), so paging is stable under equal timestamps.
toString(toUnixTimestamp64Nano(Timestamp)) AS tsNs,
cityHash64(InstanceId, PodName, Namespace, ServiceName, TraceId, SpanId, SeverityNumber, SeverityText, Body,
  mapKeys(Attributes), mapValues(Attributes)) AS lineKey,
toString(lineKey) AS k,
SeverityNumber AS sevNum, SeverityText AS sevText, Body AS body,
ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, InstanceId AS inst,
lower(hex(TraceId)) AS traceId, lower(hex(SpanId)) AS spanId, Attributes AS attrs

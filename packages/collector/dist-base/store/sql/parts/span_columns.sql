-- A span with its attributes and events as routes/tx-common.ts SpanRow reads it.
lower(hex(TraceId)) AS traceId, lower(hex(SpanId)) AS spanId,
if(ParentSpanId = toFixedString(unhex('0000000000000000'), 8), '', lower(hex(ParentSpanId))) AS parentSpanId,
SpanName AS name, toString(SpanKind) AS kind, IsTransaction AS isTx,
toString(toUnixTimestamp64Nano(Timestamp)) AS startNs, DurationNs AS durNs,
ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, InstanceId AS inst,
toString(StatusCode) AS statusCode, StatusMessage AS statusMessage,
HttpMethod AS method, HttpRoute AS route, HttpStatusCode AS status,
SpanAttributes AS attrs, SpanAttributeTypes AS attrTypes, ResourceAttributes AS res,
arrayMap(x -> toUnixTimestamp64Milli(x), `Events.Timestamp`) AS evTs, `Events.Name` AS evName,
`Events.Attributes` AS evAttrs

-- GET /service-map: the calls out of services, CLIENT and PRODUCER spans that started in
-- [fromMs, toMs), each resolved to its target:
-- - a service: the SERVER or CONSUMER span whose parent is the call (same trace); that side is
--   read in [joinFromMs, joinToMs), the window widened by the clock skew and call time allowed;
-- - else a database: `db.system.name` (or the older `db.system`), id `db:<system>:<server.address
--   or db.namespace>` (`db:<system>` without either);
-- - else an external host: `server.address` (and `server.port`), id `ext:<host>[:<port>]`;
-- - else nothing (dropped: no target to draw).
-- Rows: one per (source, target) edge, and one per target node (`nodeRow` = 1: the totals over
-- all its callers, which the map shows on database and external nodes). A failed call is one with
-- status Error. p95: quantileDeterministic, see service_map_services.sql.
SELECT src, target, any(targetKind) AS tk, any(name) AS nm, any(dbSystem) AS dbs,
       if(countIf(edgeKind = 'messaging') > 0, 'messaging', any(edgeKind)) AS ek,
       count() AS n, countIf(err) AS e,
       quantileDeterministic(0.95)(DurationNs, det) AS p95Ns,
       grouping(src) AS nodeRow
FROM (
  SELECT c.ServiceName AS src, c.DurationNs AS DurationNs, c.det AS det, c.err AS err,
         multiIf(s.ServiceName != '', 'service', c.dbSystem != '', 'database', c.addr != '', 'external', '') AS targetKind,
         multiIf(
           targetKind = 'service', concat('svc:', s.ServiceName),
           targetKind = 'database', concat('db:', c.dbSystem, if(c.dbKey != '', concat(':', c.dbKey), '')),
           targetKind = 'external', concat('ext:', c.addr, if(c.port != '', concat(':', c.port), '')),
           '') AS target,
         multiIf(
           targetKind = 'service', s.ServiceName,
           targetKind = 'database', if(c.dbKey != '', c.dbKey, c.dbSystem),
           targetKind = 'external', concat(c.addr, if(c.port != '', concat(':', c.port), '')),
           '') AS name,
         if(targetKind = 'database', c.dbSystem, '') AS dbSystem,
         multiIf(
           targetKind = 'database', 'db',
           c.SpanKind = 'Producer' OR s.SpanKind = 'Consumer', 'messaging',
           c.HttpMethod != '' OR c.http, 'http',
           'other') AS edgeKind
  FROM (
    SELECT TraceId, SpanId, ServiceName, SpanKind, HttpMethod, DurationNs,
           reinterpretAsUInt64(SpanId) AS det,
           StatusCode = 'Error' AS err,
           if(SpanAttributes['db.system.name'] != '', SpanAttributes['db.system.name'], SpanAttributes['db.system']) AS dbSystem,
           SpanAttributes['server.address'] AS addr,
           if(addr != '', addr, SpanAttributes['db.namespace']) AS dbKey,
           SpanAttributes['server.port'] AS port,
           SpanAttributes['url.full'] != '' OR SpanAttributes['http.url'] != '' AS http
    FROM {db}.spans
    WHERE SpanKind IN ('Client', 'Producer')
      AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
      AND {where}
  ) AS c
  ANY LEFT JOIN (
    SELECT TraceId, ParentSpanId, ServiceName, SpanKind
    FROM {db}.spans
    WHERE SpanKind IN ('Server', 'Consumer')
      AND Timestamp >= fromUnixTimestamp64Milli({joinFromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({joinToMs:Int64})
  ) AS s ON s.TraceId = c.TraceId AND s.ParentSpanId = c.SpanId
)
WHERE targetKind != ''
GROUP BY GROUPING SETS ((src, target), (target))
ORDER BY nodeRow DESC, n DESC, src, target
LIMIT {limit:UInt32}

-- GET /service-map: per service, its transactions that started in [fromMs, toMs): count, failed
-- (the shared rule), p95 and Apdex counts against each service's threshold T (ns; read-time
-- setting: tServices -> tValuesNs, else defaultTNs). Every span counts, whatever became of its pod.
-- p95: quantileDeterministic, ClickHouse's `quantile` (reservoir of 8192 values, interpolated, so
-- exact below 8192 transactions and bounded in memory above) sampled by a hash of the span id, so
-- that a refresh over the same data gives the same figure.
SELECT s, count() AS n, countIf(err) AS e,
       quantileDeterministic(0.95)(DurationNs, det) AS p95Ns,
       {rule:apdex_counts(DurationNs, t, err)}
FROM (
  SELECT ServiceName AS s, DurationNs, reinterpretAsUInt64(SpanId) AS det,
         transform(ServiceName, {tServices:Array(String)}, {tValuesNs:Array(UInt64)}, {defaultTNs:UInt64}) AS t,
         {rule:failed_transaction} AS err
  FROM {db}.spans
  WHERE IsTransaction
    AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
    AND {where}
)
GROUP BY s
ORDER BY n DESC, s
LIMIT {limit:UInt32}

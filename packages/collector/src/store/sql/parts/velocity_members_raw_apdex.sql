-- velocity_rows_raw_apdex.sql, velocity_pod_rows_raw_apdex.sql: parts/velocity_members.sql with
-- the Apdex counts exact, from raw spans: the transactions that ended in the window; one that ended
-- in it started at most the longest duration seen in the window before it ({startSec:UInt32}).
SELECT {part:velocity_group_key},
       s, ns, w, p, inH, inst, state, endedAt, endReason, bs, cs, es, c, d, mn, mx,
       toInt64(xSat) AS sat, toInt64(xTol) AS tol, toInt64(xFru) AS fru
FROM ({part:velocity_pods}) AS pod
LEFT JOIN (
  SELECT ns AS xns, p AS xp, sat AS xSat, tol AS xTol, fru AS xFru
  FROM (
    SELECT ns, p, {rule:apdex_counts(DurationNs, t, err)}
    FROM (
      SELECT Namespace AS ns, PodName AS p, DurationNs,
             transform(ServiceName, {tServices:Array(String)}, {tValuesNs:Array(UInt64)}, {defaultTNs:UInt64}) AS t,
             {rule:failed_transaction} AS err
      FROM {db}.spans
      WHERE IsTransaction
        AND Timestamp >= toDateTime64({startSec:UInt32}, 9) AND Timestamp < toDateTime64({toSec:UInt32}, 9)
        AND {rule:end_second} >= toDateTime({fromSec:UInt32}) AND {rule:end_second} < toDateTime({toSec:UInt32})
        AND ({anyRoute:Bool} OR HttpRoute = {route:String}) AND {where}
    )
    GROUP BY ns, p
  )
) AS x ON pod.ns = x.xns AND pod.p = x.xp

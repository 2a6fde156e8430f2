-- GET /velocity: one row per group (key: namespace/pod, namespace/workload or service, by
-- {groupBy:String}) of the pods with transactions in [fromSec, toSec) and, unless {idle:Bool} is
-- false, the pods whose lifetime overlaps the window without any. Per pod first (its histogram from
-- the rollups, parts/velocity_window_tx.sql; the pods table's facts; the Apdex counts: exact from
-- raw spans when {raw:Bool}, else estimated from the histogram, rounded per pod like
-- apdexFromLatency), then summed
-- per group: the histogram as parallel arrays (bs, cs, es), pod facts (state of highest rank, the
-- latest end), Apdex counts. {where} is the pod scope (every table here has its columns);
-- {anyRoute:Bool} or the route {route:String} filters transactions. total: groups before LIMIT.
-- (The group's columns are named apart from the members' columns they aggregate: an alias named
-- like a column would replace it in the other aggregates.)
SELECT key,
       -- one argMin for the member's columns (the same aggregate, computed once)
       argMin((s, ns, w, p, endReason), rk).1 AS gs, argMin((s, ns, w, p, endReason), rk).2 AS gns,
       argMin((s, ns, w, p, endReason), rk).3 AS gw, argMin((s, ns, w, p, endReason), rk).4 AS gp,
       if(min(ns) = max(ns), min(ns), '') AS nsOnly, if(min(w) = max(w), min(w), '') AS wOnly,
       count() AS pods, sum(inst) AS instances,
       argMax(state, transform(state, {stateNames:Array(String)}, {stateRanks:Array(UInt8)}, 0)) AS gState,
       maxIf(endedAt, endedAt > 0) AS gEndedAt,
       if(gEndedAt > 0, argMaxIf(endReason, endedAt, endedAt > 0), argMin((s, ns, w, p, endReason), rk).5) AS gEndReason,
       sumMap(bs, cs, es) AS h, sum(c) AS gc, sum(d) AS gd, minIf(mn, c > 0) AS gmn, max(mx) AS gmx,
       sum(if({raw:Bool}, toInt64(xSat), sat)) AS aSat, sum(if({raw:Bool}, toInt64(xTol), tol)) AS aTol,
       sum(if({raw:Bool}, toInt64(xFru), fru)) AS aFru,
       count() OVER () AS total
FROM (
  SELECT multiIf({groupBy:String} = 'pod', concat(ns, '/', p), {groupBy:String} = 'workload', concat(ns, '/', w), s) AS key,
         -- the member a group's service, namespace and workload come from: pods with transactions first
         (NOT inH, ns, p) AS rk,
         s, ns, w, p, inH, inst, state, endedAt, endReason, bs, cs, es, c, d, mn, mx,
         {rule:apdex_from_latency(bs, cs, es, tMs)},
         xSat, xTol, xFru
  FROM (
    SELECT if(h.inH, h.s, pw.s) AS s, if(h.inH, h.ns, pw.ns) AS ns, if(h.w != '', h.w, pw.w) AS w,
           if(h.inH, h.p, pw.p) AS p, h.inH AS inH,
           if(pw.inP, pw.instances, 1) AS inst, if(pw.inP, pw.state, 'running') AS state,
           if(pw.inP, pw.endedAt, 0) AS endedAt, if(pw.inP, pw.endReason, '') AS endReason,
           h.bs AS bs, h.cs AS cs, h.es AS es, h.c AS c, h.d AS d, h.mn AS mn, h.mx AS mx,
           transform(s, {tServices:Array(String)}, {tValuesMs:Array(Float64)}, {defaultTMs:Float64}) AS tMs
    FROM (
      SELECT ns, p, min(s) AS s, minIf(w, w != '') AS w, true AS inH,
             sumMap(hb, hc, he) AS hist, hist.1 AS bs, hist.2 AS cs, hist.3 AS es,
             arraySum(cs) AS c, sum(d) AS d, min(mn) AS mn, max(mx) AS mx
      FROM ({part:velocity_window_tx})
      GROUP BY ns, p
    ) AS h
    FULL OUTER JOIN (
      SELECT Namespace AS ns, PodName AS p, Workload AS w, ServiceName AS s, true AS inP,
             toString(State) AS state, coalesce(toUnixTimestamp64Milli(EndedAt), 0) AS endedAt,
             EndReason AS endReason, InstanceCount AS instances
      FROM {db}.pods FINAL
      WHERE {part:pods_in_window} AND {where}
    ) AS pw ON h.ns = pw.ns AND h.p = pw.p
    WHERE h.inH OR {idle:Bool}
  ) AS pod
  LEFT JOIN (
    -- exact Apdex (windows up to 6 h): transactions that ended in the window, from raw spans; one
    -- that ended in it started at most the longest duration seen in the window before it (startSec)
    SELECT ns AS xns, p AS xp, sat AS xSat, tol AS xTol, fru AS xFru
    FROM (
      SELECT ns, p, {rule:apdex_counts(DurationNs, t, err)}
      FROM (
        SELECT Namespace AS ns, PodName AS p, DurationNs,
               transform(ServiceName, {tServices:Array(String)}, {tValuesNs:Array(UInt64)}, {defaultTNs:UInt64}) AS t,
               {rule:failed_transaction} AS err
        FROM {db}.spans
        WHERE {raw:Bool} AND IsTransaction
          AND Timestamp >= toDateTime64({startSec:UInt32}, 9) AND Timestamp < toDateTime64({toSec:UInt32}, 9)
          AND {rule:end_second} >= toDateTime({fromSec:UInt32}) AND {rule:end_second} < toDateTime({toSec:UInt32})
          AND ({anyRoute:Bool} OR HttpRoute = {route:String}) AND {where}
      )
      GROUP BY ns, p
    )
  ) AS x ON pod.ns = x.xns AND pod.p = x.xp
)
GROUP BY key
ORDER BY {order_by}
LIMIT {limit:UInt32} OFFSET {offset:UInt32}

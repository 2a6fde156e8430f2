-- velocity_rows*.sql: one row per pod (s, ns, w, p, inH, inst, state, endedAt, endReason, its
-- histogram bs, cs, es, c, d, mn, mx, its Apdex threshold tMs) of the pods with transactions in
-- [fromSec, toSec) (histogram from the rollups, parts/velocity_window_tx.sql) and, unless
-- {idle:Bool} is false, the pods whose lifetime overlaps the window without any; the pods table's
-- facts where it has the pod (its one row per namespace/pod: parts/latest_pod_rows_in_window.sql), its workload
-- too: a pod's transactions may carry another (an instance whose identity derived another), the pod
-- is counted under the one workload its row names, as the pods list shows it.
SELECT if(h.inH, h.s, pw.s) AS s, if(h.inH, h.ns, pw.ns) AS ns, if(pw.w != '', pw.w, h.w) AS w,
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
  FROM ({part:latest_pod_rows_in_window})
  WHERE {part:pods_in_window} AND {where}
) AS pw ON h.ns = pw.ns AND h.p = pw.p
WHERE h.inH OR {idle:Bool}

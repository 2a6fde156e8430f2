-- GET /velocity?groupBy=pod with limit: the page of pod keys (namespace/pod) in velocity_rows.sql's
-- order (most transactions first, then key) and total, the number of keys, from transaction counts
-- alone; velocity_rows.sql then builds the full rows (histograms, Apdex, pod facts) of this page
-- only. The same members as there: pods with transactions in [fromSec, toSec) joined to the pods
-- table's pods whose lifetime overlaps the window (kept without transactions when {idle:Bool}), so
-- a key's count is the same sum. Pod scope {where}, route {anyRoute:Bool} / {route:String}.
SELECT key, sum(c) AS gc, count() OVER () AS total
FROM (
  SELECT concat(if(h.inH, h.ns, pw.ns), '/', if(h.inH, h.p, pw.p)) AS key, h.c AS c
  FROM (
    SELECT ns, p, sum(arraySum(hc)) AS c, true AS inH
    FROM ({part:velocity_window_tx})
    GROUP BY ns, p
  ) AS h
  FULL OUTER JOIN (
    SELECT Namespace AS ns, PodName AS p
    FROM ({part:latest_pod_rows})
    WHERE {part:pods_in_window} AND {where}
  ) AS pw ON h.ns = pw.ns AND h.p = pw.p
  WHERE h.inH OR {idle:Bool}
)
GROUP BY key
ORDER BY gc DESC, key ASC
LIMIT {limit:UInt32} OFFSET {offset:UInt32}

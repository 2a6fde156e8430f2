-- GET /velocity: the latency histogram of each pod in [fromSec, toSec) from the per-second
-- aggregates, as [bucket, count, errors] with the duration sum, min and max.
SELECT s, ns, w, p, sum(bc) AS c, sum(be) AS e, sum(bd) AS d, min(bmn) AS mn, max(bmx) AS mx,
       groupArray((b, bc, be)) AS h
FROM (
  SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, LatencyBucket AS b,
         sum(Count) AS bc, sum(Errors) AS be, sum(DurationSumNs) AS bd,
         min(DurationMinNs) AS bmn, max(DurationMaxNs) AS bmx
  FROM {db}.tx_1s
  WHERE Ts >= toDateTime({fromSec:UInt32}) AND Ts < toDateTime({toSec:UInt32}) AND {where}
  GROUP BY s, ns, w, p, b
)
GROUP BY s, ns, w, p

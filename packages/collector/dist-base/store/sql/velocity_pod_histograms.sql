-- GET /velocity: the latency histogram of each pod in [fromSec, toSec) from the per-second
-- aggregates, as [bucket, count, errors] with the duration sum, min and max. The whole minutes
-- [midFromSec, midToSec) come from the per-minute rollup tx_1m (same buckets, sums, min and max:
-- exactly what tx_1s gives, from up to 60x fewer rows), the seconds around them from tx_1s.
SELECT s, ns, w, p, sum(bc) AS c, sum(be) AS e, sum(bd) AS d, min(bmn) AS mn, max(bmx) AS mx,
       groupArray((b, bc, be)) AS h
FROM (
  SELECT s, ns, w, p, b, sum(Count) AS bc, sum(Errors) AS be, sum(DurationSumNs) AS bd,
         min(DurationMinNs) AS bmn, max(DurationMaxNs) AS bmx
  FROM (
    SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, LatencyBucket AS b,
           Count, Errors, DurationSumNs, DurationMinNs, DurationMaxNs
    FROM {db}.tx_1s
    WHERE ((Ts >= toDateTime({fromSec:UInt32}) AND Ts < toDateTime({midFromSec:UInt32}))
        OR (Ts >= toDateTime({midToSec:UInt32}) AND Ts < toDateTime({toSec:UInt32})))
      AND {where}
    UNION ALL
    SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, LatencyBucket AS b,
           Count, Errors, DurationSumNs, DurationMinNs, DurationMaxNs
    FROM {db}.tx_1m
    WHERE Ts >= toDateTime({midFromSec:UInt32}) AND Ts < toDateTime({midToSec:UInt32}) AND {where}
  )
  GROUP BY s, ns, w, p, b
)
GROUP BY s, ns, w, p

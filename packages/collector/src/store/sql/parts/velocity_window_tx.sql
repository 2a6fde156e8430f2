-- The transaction aggregates of [fromSec, toSec) as s, ns, w, p, b and the tx_1s columns: the whole
-- minutes [midFromSec, midToSec) from the per-minute rollup tx_1m (the same sums, min and max as
-- tx_1s gives, from up to 60x fewer rows), the seconds around them from tx_1s. Pod scope {where},
-- route {anyRoute:Bool} / {route:String}.
SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, LatencyBucket AS b,
       Count, Errors, DurationSumNs, DurationMinNs, DurationMaxNs
FROM {db}.tx_1s
WHERE ((Ts >= toDateTime({fromSec:UInt32}) AND Ts < toDateTime({midFromSec:UInt32}))
    OR (Ts >= toDateTime({midToSec:UInt32}) AND Ts < toDateTime({toSec:UInt32})))
  AND ({anyRoute:Bool} OR HttpRoute = {route:String}) AND {where}
UNION ALL
SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p, LatencyBucket AS b,
       Count, Errors, DurationSumNs, DurationMinNs, DurationMaxNs
FROM {db}.tx_1m
WHERE Ts >= toDateTime({midFromSec:UInt32}) AND Ts < toDateTime({midToSec:UInt32})
  AND ({anyRoute:Bool} OR HttpRoute = {route:String}) AND {where}

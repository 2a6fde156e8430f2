-- The transaction aggregates of [fromSec, toSec) as s, ns, w, p, a histogram in parallel arrays
-- (hb buckets, hc transactions, he failed) and the duration sum d, min mn, max mx, each from the
-- coarsest rollup that covers its part of the window exactly: whole hours [hFromSec, hToSec) from
-- tx_pod_1h (a pod's hour in one row), whole minutes [mFromSec, hFromSec) and [hToSec, mToSec)
-- from tx_1m, the seconds [fromSec, mFromSec) and [mToSec, toSec) from tx_1s. The rollups hold the
-- same buckets, sums, min and max as tx_1s. Pod scope {where}, route {anyRoute:Bool} / {route:String}.
SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p,
       [LatencyBucket] AS hb, [Count] AS hc, [Errors] AS he,
       DurationSumNs AS d, DurationMinNs AS mn, DurationMaxNs AS mx
FROM {db}.tx_1s
WHERE ((Ts >= toDateTime({fromSec:UInt32}) AND Ts < toDateTime({mFromSec:UInt32}))
    OR (Ts >= toDateTime({mToSec:UInt32}) AND Ts < toDateTime({toSec:UInt32})))
  AND ({anyRoute:Bool} OR HttpRoute = {route:String}) AND {where}
UNION ALL
SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p,
       [LatencyBucket] AS hb, [Count] AS hc, [Errors] AS he,
       DurationSumNs AS d, DurationMinNs AS mn, DurationMaxNs AS mx
FROM {db}.tx_1m
WHERE ((Ts >= toDateTime({mFromSec:UInt32}) AND Ts < toDateTime({hFromSec:UInt32}))
    OR (Ts >= toDateTime({hToSec:UInt32}) AND Ts < toDateTime({mToSec:UInt32})))
  AND ({anyRoute:Bool} OR HttpRoute = {route:String}) AND {where}
UNION ALL
SELECT ServiceName AS s, Namespace AS ns, Workload AS w, PodName AS p,
       Latency.1 AS hb, Latency.2 AS hc, Latency.3 AS he,
       DurationSumNs AS d, DurationMinNs AS mn, DurationMaxNs AS mx
FROM {db}.tx_pod_1h
WHERE Ts >= toDateTime({hFromSec:UInt32}) AND Ts < toDateTime({hToSec:UInt32})
  AND ({anyRoute:Bool} OR HttpRoute = {route:String}) AND {where}

-- GET /compare: the latency histogram of one window [fromSec, toSec) from the per-second aggregates.
SELECT LatencyBucket AS b, sum(Count) AS c, sum(Errors) AS e, sum(DurationSumNs) AS d,
       min(DurationMinNs) AS mn, max(DurationMaxNs) AS mx
FROM {db}.tx_1s
WHERE Ts >= toDateTime({fromSec:UInt32}) AND Ts < toDateTime({toSec:UInt32}) AND {where}
GROUP BY b

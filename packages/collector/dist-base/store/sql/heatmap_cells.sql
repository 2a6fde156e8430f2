-- GET /heatmap: transactions and failures per (column of `step` seconds, latency bucket) in
-- [fromSec, toSec), from tx_1s or, for columns of whole minutes, the same cells from tx_1m (table).
SELECT toUInt32(intDiv(toUInt32(Ts) - {fromSec:UInt32}, {step:UInt32})) AS col, LatencyBucket AS b,
       sum(Count) AS c, sum(Errors) AS e
FROM {db}.{table:Identifier}
WHERE Ts >= toDateTime({fromSec:UInt32}) AND Ts < toDateTime({toSec:UInt32}) AND {where}
GROUP BY col, b

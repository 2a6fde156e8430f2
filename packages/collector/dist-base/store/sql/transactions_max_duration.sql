-- GET /transactions: the longest transaction that ended in [fromSec, toSec) (bounds the start time
-- of the raw spans to read).
SELECT max(DurationMaxNs) AS mx
FROM {db}.tx_1s
WHERE Ts >= toDateTime({fromSec:UInt32}) AND Ts < toDateTime({toSec:UInt32}) AND {where}

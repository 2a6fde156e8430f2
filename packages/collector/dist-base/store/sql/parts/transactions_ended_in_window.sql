-- Transactions that ended in [fromNs, toNs). Spans are sorted by start time: the caller bounds the
-- start from below by the longest duration possible in the window (startMs).
IsTransaction
AND Timestamp >= fromUnixTimestamp64Milli({startMs:Int64}) AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
AND toUnixTimestamp64Nano(Timestamp) + DurationNs >= {fromNs:Int64}
AND toUnixTimestamp64Nano(Timestamp) + DurationNs < {toNs:Int64}

-- GET /transactions: one page of the transactions in a time x latency rectangle.
SELECT {part:tx_columns}, toUnixTimestamp64Nano(Timestamp) + DurationNs AS endNs
FROM {db}.spans
WHERE {part:transactions_ended_in_window} AND {where}
ORDER BY {order_by}
LIMIT {limit:UInt32} OFFSET {offset:UInt32}

-- Pod post-mortem: its 10 slowest transactions.
SELECT {part:tx_columns}
FROM {db}.spans
WHERE {part:pod_life_transactions}
ORDER BY DurationNs DESC, Timestamp DESC
LIMIT 10

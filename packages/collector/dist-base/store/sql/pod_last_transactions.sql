-- Pod post-mortem: its last 20 transactions.
SELECT {part:tx_columns}
FROM {db}.spans
WHERE {part:pod_life_transactions}
ORDER BY Timestamp DESC
LIMIT 20

-- Pod post-mortem: its last 20 failed transactions.
SELECT {part:tx_columns}
FROM {db}.spans
WHERE {part:pod_life_transactions} AND {rule:failed_transaction}
ORDER BY Timestamp DESC
LIMIT 20

-- GET /transactions: how many transactions transactions_list pages through.
SELECT count() AS n
FROM {db}.spans
WHERE {part:transactions_ended_in_window} AND {where}

-- GET /pods: how many pods pods_list pages through.
SELECT count() AS n
FROM {db}.pods FINAL
WHERE {part:pods_in_window} AND {where}

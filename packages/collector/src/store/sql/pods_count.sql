-- GET /pods: how many pods pods_list pages through, how many of them run, their restarts.
SELECT count() AS n, countIf(State = 'running') AS running, sum(RestartCount) AS restarts
FROM {db}.pods FINAL
WHERE {part:pods_in_window} AND {where}

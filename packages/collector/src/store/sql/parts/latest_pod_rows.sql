-- The pods table with one row per pod (Namespace, PodName): its row of highest Version (ties, rows
-- of one Version under two workloads, to the first workload by name). Its ORDER BY key holds the
-- Workload, so a pod written under two workloads (an older collector, two collectors racing, a pod
-- name reused by another workload) keeps both rows even after FINAL; every read of pods goes
-- through this (or the same rule inline for one pod, or for a window: latest_pod_rows_in_window.sql),
-- so a pod is counted and shown once, with the facts of its newest row. Filters (window, scope) go
-- after it: on the newest row, not on a superseded one still marked running.
SELECT * FROM {db}.pods FINAL
ORDER BY Version DESC, Workload ASC
LIMIT 1 BY Namespace, PodName

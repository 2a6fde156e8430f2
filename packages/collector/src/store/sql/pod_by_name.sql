-- Pod post-mortem: the pod's row as every read sees it (parts/latest_pod_rows.sql: highest
-- Version; the rule inline, for one pod).
SELECT {part:pod_columns}
FROM {db}.pods FINAL
WHERE Namespace = {ns:String} AND PodName = {p:String}
ORDER BY Version DESC, Workload ASC
LIMIT 1

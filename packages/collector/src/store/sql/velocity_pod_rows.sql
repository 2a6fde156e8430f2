-- GET /velocity?groupBy=pod, windows past APDEX_RAW_MAX_MS: velocity_rows.sql without its GROUP BY
-- key, which for pods regroups one member per key (parts/velocity_pods.sql gives each namespace/pod
-- once: one pods row per pod, histograms grouped by namespace and pod), so each member is its own
-- group (parts/velocity_pod_columns.sql). The same answers; about a third of the statement's time
-- at 20,000 pods a day (docs/benchmarks.md).
SELECT {part:velocity_pod_columns}
FROM ({part:velocity_members})
ORDER BY {order_by}
LIMIT {limit:UInt32} OFFSET {offset:UInt32}

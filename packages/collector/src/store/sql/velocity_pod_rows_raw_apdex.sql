-- GET /velocity?groupBy=pod, windows up to APDEX_RAW_MAX_MS: velocity_pod_rows.sql with the Apdex
-- counts exact (parts/velocity_members_raw_apdex.sql).
SELECT {part:velocity_pod_columns}
FROM ({part:velocity_members_raw_apdex})
ORDER BY {order_by}
LIMIT {limit:UInt32} OFFSET {offset:UInt32}

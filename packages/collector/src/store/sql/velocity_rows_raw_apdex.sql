-- GET /velocity, windows up to APDEX_RAW_MAX_MS: velocity_rows.sql with the Apdex counts exact
-- (parts/velocity_members_raw_apdex.sql).
SELECT {part:velocity_group_columns}
FROM ({part:velocity_members_raw_apdex})
GROUP BY key
ORDER BY {order_by}
LIMIT {limit:UInt32} OFFSET {offset:UInt32}

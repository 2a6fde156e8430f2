-- GET /velocity, windows past APDEX_RAW_MAX_MS: one row per group (parts/velocity_group_key.sql)
-- of the pods of parts/velocity_members.sql (Apdex estimated from histograms), with the columns of
-- parts/velocity_group_columns.sql. {where} is the pod scope (every table here has its columns);
-- {anyRoute:Bool} or the route {route:String} filters transactions. velocity_rows_raw_apdex.sql:
-- the same with exact Apdex; velocity_pod_rows*.sql: the same for groupBy=pod without the regroup.
SELECT {part:velocity_group_columns}
FROM ({part:velocity_members})
GROUP BY key
ORDER BY {order_by}
LIMIT {limit:UInt32} OFFSET {offset:UInt32}

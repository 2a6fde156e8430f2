-- GET /velocity, windows past APDEX_RAW_MAX_MS: one row per group (parts/velocity_group_key.sql)
-- of the pods of parts/velocity_pods.sql, with the columns of parts/velocity_group_columns.sql;
-- the Apdex counts estimated from each pod's histogram, rounded per pod like apdexFromLatency.
-- {where} is the pod scope (every table here has its columns); {anyRoute:Bool} or the route
-- {route:String} filters transactions. velocity_rows_raw_apdex.sql: the same with exact Apdex.
SELECT {part:velocity_group_columns}
FROM (
  SELECT {part:velocity_group_key},
         s, ns, w, p, inH, inst, state, endedAt, endReason, bs, cs, es, c, d, mn, mx,
         {rule:apdex_from_latency(bs, cs, es, tMs)}
  FROM ({part:velocity_pods})
)
GROUP BY key
ORDER BY {order_by}
LIMIT {limit:UInt32} OFFSET {offset:UInt32}

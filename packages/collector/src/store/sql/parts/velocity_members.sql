-- velocity_rows.sql, velocity_pod_rows.sql: the member pods of parts/velocity_pods.sql with their
-- group key (parts/velocity_group_key.sql) and Apdex counts sat, tol, fru estimated from each pod's
-- histogram, rounded per pod like apdexFromLatency.
SELECT {part:velocity_group_key},
       s, ns, w, p, inH, inst, state, endedAt, endReason, bs, cs, es, c, d, mn, mx,
       {rule:apdex_from_latency(bs, cs, es, tMs)}
FROM ({part:velocity_pods})

-- Pod post-mortem: per instance, how many heartbeats are stored, the first and last one's time and
-- the last one's attributes (memory figures, the transactions in flight longer than the threshold).
SELECT InstanceId AS inst, count() AS n,
       toUnixTimestamp64Milli(min(Timestamp)) AS firstMs, toUnixTimestamp64Milli(max(Timestamp)) AS lastMs,
       argMax(Attributes, Timestamp) AS attrs
FROM {db}.lifecycle_events
WHERE Namespace = {ns:String} AND Workload = {w:String} AND PodName = {p:String}
  AND EventName = {heartbeat:String}
GROUP BY inst

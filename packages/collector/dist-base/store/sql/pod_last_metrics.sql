-- Pod post-mortem: the last value of each (non-histogram) metric in its last hour.
SELECT MetricName AS name, argMax(Value, Timestamp) AS v, argMax(Unit, Timestamp) AS unit,
       toUnixTimestamp64Milli(max(Timestamp)) AS ts, argMax(InstanceId, Timestamp) AS inst
FROM {db}.metrics
WHERE ServiceName = {s:String} AND PodName = {p:String} AND Namespace = {ns:String}
  AND Timestamp >= fromUnixTimestamp64Milli({lo:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({toMs:Int64})
  AND MetricType != 'histogram'
GROUP BY MetricName
ORDER BY MetricName
LIMIT 200

-- Pod post-mortem: the last 20 log records of each instance in the pod's lifetime, oldest first
-- (preferred to the lines an end event carries: routes/pods.ts).
SELECT inst, arrayMap(x -> x.2, arraySort(x -> x.1, groupArray((Timestamp, Body)))) AS lines
FROM (
  SELECT InstanceId AS inst, Timestamp, Body
  FROM {db}.logs
  WHERE ServiceName = {s:String} AND PodName = {p:String} AND Namespace = {ns:String}
    AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({toMs:Int64})
  ORDER BY Timestamp DESC
  LIMIT 20 BY InstanceId
)
GROUP BY inst

-- Pod post-mortem: the last 20 log records of each instance in the pod's lifetime (for instances
-- whose end event carries no log lines).
SELECT inst, arrayReverse(groupArray(Body)) AS lines
FROM (
  SELECT InstanceId AS inst, Body
  FROM {db}.logs
  WHERE ServiceName = {s:String} AND PodName = {p:String} AND Namespace = {ns:String}
    AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({toMs:Int64})
  ORDER BY Timestamp DESC
  LIMIT 20 BY InstanceId
)
GROUP BY inst

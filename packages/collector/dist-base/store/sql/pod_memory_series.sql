-- Pod post-mortem: each instance's memory and event-loop delay over its lifetime, from its
-- heartbeats: one point per heartbeat when {bucketMs} is 1, else the maximum of each value per
-- bucket of {bucketMs} ms. An attribute a heartbeat did not carry is NULL.
SELECT InstanceId AS inst, toUnixTimestamp64Milli(max(Timestamp)) AS ts,
       max(toFloat64OrNull(Attributes[{kRss:String}])) AS rss,
       max(toFloat64OrNull(Attributes[{kHeapUsed:String}])) AS heapUsed,
       max(toFloat64OrNull(Attributes[{kHeapLimit:String}])) AS heapLimit,
       max(toFloat64OrNull(Attributes[{kExternal:String}])) AS external,
       max(toFloat64OrNull(Attributes[{kArrayBuffers:String}])) AS arrayBuffers,
       max(toFloat64OrNull(Attributes[{kEldP99:String}])) AS eldP99,
       max(toFloat64OrNull(Attributes[{kEldMax:String}])) AS eldMax
FROM {db}.lifecycle_events
WHERE Namespace = {ns:String} AND Workload = {w:String} AND PodName = {p:String}
  AND EventName = {heartbeat:String}
GROUP BY inst, intDiv(toUnixTimestamp64Milli(Timestamp), {bucketMs:UInt64})
ORDER BY inst, ts

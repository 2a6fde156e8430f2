-- Pod post-mortem: the stopped / crashed lifecycle events of its instances (exception, last logs,
-- in-flight requests).
SELECT InstanceId AS inst, EventName AS event, Body AS body, Attributes AS attrs
FROM {db}.lifecycle_events
WHERE Namespace = {ns:String} AND Workload = {w:String} AND PodName = {p:String}
  AND EventName IN ({stopped:String}, {crashed:String})
ORDER BY Timestamp

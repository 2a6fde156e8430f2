-- The whole resource of the instances spans belong to (spans keep only non-instance attributes).
SELECT Namespace AS ns, Workload AS w, PodName AS p, InstanceId AS inst, ResourceAttributes AS res
FROM {db}.instances FINAL
WHERE Namespace IN {ns:Array(String)} AND PodName IN {pods:Array(String)} AND InstanceId IN {ids:Array(String)}

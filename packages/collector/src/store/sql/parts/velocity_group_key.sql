-- velocity_rows*.sql: a pod's group key (namespace/pod, namespace/workload or service, by
-- {groupBy:String}) and rk, the order in which a group's members give its service, namespace and
-- workload (pods with transactions first).
multiIf({groupBy:String} = 'pod', concat(ns, '/', p), {groupBy:String} = 'workload', concat(ns, '/', w), s) AS key,
(NOT inH, ns, p) AS rk

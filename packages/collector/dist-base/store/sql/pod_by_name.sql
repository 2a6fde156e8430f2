-- Pod post-mortem: the pod (latest if the name was reused).
SELECT {part:pod_columns}
FROM {db}.pods FINAL
WHERE Namespace = {ns:String} AND PodName = {p:String}
ORDER BY LastSeen DESC
LIMIT 1

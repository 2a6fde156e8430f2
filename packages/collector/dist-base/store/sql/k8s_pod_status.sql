-- GET /pods/:uid/kubernetes: what the cluster says of the pod.
SELECT {part:k8s_pod_status_columns}
FROM {db}.k8s_pods FINAL
WHERE PodUid = {uid:String}
ORDER BY Version DESC
LIMIT 1

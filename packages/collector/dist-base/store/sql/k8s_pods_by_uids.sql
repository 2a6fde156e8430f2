-- Pods list / post-mortem: the cluster's view of these pods.
SELECT {part:k8s_pod_status_columns}
FROM {db}.k8s_pods FINAL
WHERE PodUid IN {uids:Array(String)}

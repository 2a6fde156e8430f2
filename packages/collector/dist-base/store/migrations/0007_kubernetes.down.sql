DROP TABLE IF EXISTS {db}.k8s_workload_replicas;
DROP TABLE IF EXISTS {db}.k8s_hpa_history;
DROP TABLE IF EXISTS {db}.k8s_events;
DROP TABLE IF EXISTS {db}.k8s_terminations;
DROP TABLE IF EXISTS {db}.k8s_pods;

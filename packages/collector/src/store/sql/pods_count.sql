-- GET /pods: how many pods pods_list pages through.
SELECT count() AS n
FROM ({part:agent_and_cluster_pods})
WHERE {part:pods_in_window} AND {where}

-- GET /pods: how many pods pods_list pages through (pods that never ran an agent too), how many of
-- them run, their restarts summed (the cluster's count where it knows the pod, as each row shows).
-- pods_list.sql's rows carry the same totals; this runs for a page past the end.
SELECT count() AS totalPods, countIf(State = 'running') AS totalRunning, sum(RestartCount) AS totalRestarts
FROM ({part:agent_and_cluster_pods})
WHERE {part:pods_in_window} AND {where}

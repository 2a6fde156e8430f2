-- GET /pods: how many pods pods_list pages through (pods that never ran an agent too), how many of
-- them run, their restarts as the agent counted them.
SELECT count() AS n, countIf(State = 'running') AS running, sum(RestartCount) AS restarts
FROM ({part:agent_and_cluster_pods})
WHERE {part:pods_in_window} AND {where}

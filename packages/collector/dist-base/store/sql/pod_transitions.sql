-- Pod post-mortem: its lifecycle timeline.
SELECT {part:transition_columns}
FROM {db}.pod_transitions FINAL
WHERE Namespace = {ns:String} AND Workload = {w:String} AND PodName = {p:String}
ORDER BY Timestamp, Transition
LIMIT 2000

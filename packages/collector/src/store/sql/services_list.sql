-- GET /services: services with their workloads, from every pod ever seen.
SELECT ServiceName AS s, Namespace AS ns, arraySort(groupUniqArray(Workload)) AS ws,
       count() AS pods, countIf(State = 'running') AS running
FROM ({part:latest_pod_rows})
GROUP BY s, ns
ORDER BY s, ns
LIMIT 10000

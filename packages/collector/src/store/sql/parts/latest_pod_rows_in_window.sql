-- parts/latest_pod_rows.sql for reads over a window [fromMs, toMs] (parts/pods_in_window.sql goes
-- after it, on the newest rows): only the pods with a row in the window are sorted. A pod whose
-- newest row is in the window has a row there, so none is missed; a pod with only a superseded row
-- there still gets its newest row, for the window filter after this to judge. The pods table keeps
-- 90 days: without this, a read over the last hour sorted every pod of the retention. The pods are
-- picked by a hash of (namespace, name), cheaper to probe than the pair (a collision only adds a pod
-- the window filter then drops), and without FINAL, which merged the whole table first: LIMIT 1 BY
-- on Version already keeps each pod's newest row.
SELECT * FROM {db}.pods
WHERE cityHash64(Namespace, PodName) IN (SELECT cityHash64(Namespace, PodName) FROM {db}.pods WHERE {part:pods_in_window})
ORDER BY Version DESC, Workload ASC
LIMIT 1 BY Namespace, PodName

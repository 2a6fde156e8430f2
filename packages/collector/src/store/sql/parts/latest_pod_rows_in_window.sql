-- parts/latest_pod_rows.sql for reads over a window [fromMs, toMs] (parts/pods_in_window.sql goes
-- after it, on the newest rows): only the pods with a row in the window are sorted. A pod whose
-- newest row is in the window has a row there, so none is missed; a pod with only a superseded row
-- there still gets its newest row, for the window filter after this to judge. The pods table keeps
-- 90 days: without this, a read over the last hour sorted every pod of the retention.
-- How the rows are picked, cheapest first:
-- * Version at least the lowest of the window's rows: a row that supersedes one has a higher
--   Version, so no winner is lost; versions are write times (lifecycle/version-clock.ts), so this
--   reads one number per row and leaves about the window's pods;
-- * of the window's pods, by a hash of (namespace, name), cheaper to probe than the pair (a
--   collision only adds a pod the window filter then drops): this bounds the sort when one stale
--   row (a pod's superseded row under another workload, still marked running) lowers that Version;
-- * no FINAL, which merged the whole table first: LIMIT 1 BY on Version already keeps the newest.
SELECT * FROM {db}.pods
PREWHERE Version >= (SELECT min(Version) FROM {db}.pods WHERE {part:pods_in_window})
WHERE cityHash64(Namespace, PodName) IN (SELECT cityHash64(Namespace, PodName) FROM {db}.pods WHERE {part:pods_in_window})
ORDER BY Version DESC, Workload ASC
LIMIT 1 BY Namespace, PodName

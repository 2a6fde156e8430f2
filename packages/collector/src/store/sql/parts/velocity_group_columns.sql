-- velocity_rows*.sql: the columns of one group (by key) over its member pods (columns s, ns, w, p,
-- rk, inst, state, endedAt, endReason, the histogram bs, cs, es, c, d, mn, mx and the Apdex counts
-- sat, tol, fru): its service, namespace, workload and pod from the member of lowest rk, the state
-- of highest rank, the latest end, the histogram summed, total: groups before LIMIT. (The group's
-- columns are named apart from the members' columns they aggregate: an alias named like a column
-- would replace it in the other aggregates. The argMin is one aggregate, computed once.)
key,
argMin((s, ns, w, p, endReason), rk).1 AS gs, argMin((s, ns, w, p, endReason), rk).2 AS gns,
argMin((s, ns, w, p, endReason), rk).3 AS gw, argMin((s, ns, w, p, endReason), rk).4 AS gp,
if(min(ns) = max(ns), min(ns), '') AS nsOnly, if(min(w) = max(w), min(w), '') AS wOnly,
count() AS pods, sum(inst) AS instances,
argMax(state, transform(state, {stateNames:Array(String)}, {stateRanks:Array(UInt8)}, 0)) AS gState,
maxIf(endedAt, endedAt > 0) AS gEndedAt,
if(gEndedAt > 0, argMaxIf(endReason, endedAt, endedAt > 0), argMin((s, ns, w, p, endReason), rk).5) AS gEndReason,
sumMap(bs, cs, es) AS h, sum(c) AS gc, sum(d) AS gd, minIf(mn, c > 0) AS gmn, max(mx) AS gmx,
sum(sat) AS aSat, sum(tol) AS aTol, sum(fru) AS aFru,
count() OVER () AS total

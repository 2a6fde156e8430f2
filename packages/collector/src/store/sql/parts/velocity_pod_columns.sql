-- velocity_pod_rows*.sql: the columns of parts/velocity_group_columns.sql for a group of one member
-- pod, from that pod's columns (what each aggregate gives over one row: its end and end reason,
-- its minimum only with transactions), and total: the pods before LIMIT.
key, s AS gs, ns AS gns, w AS gw, p AS gp, ns AS nsOnly, w AS wOnly, 1 AS pods, inst AS instances,
state AS gState, endedAt AS gEndedAt, endReason AS gEndReason, (bs, cs, es) AS h,
c AS gc, d AS gd, if(c > 0, mn, 0) AS gmn, mx AS gmx, sat AS aSat, tol AS aTol, fru AS aFru,
count() OVER () AS total

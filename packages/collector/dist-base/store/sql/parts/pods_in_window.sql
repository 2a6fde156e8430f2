-- Pods (pods table) whose lifetime overlaps [fromMs, toMs]: live, or ended inside or after it.
FirstSeen <= fromUnixTimestamp64Milli({toMs:Int64})
AND (State = 'running' OR coalesce(EndedAt, LastSeen) >= fromUnixTimestamp64Milli({fromMs:Int64}))

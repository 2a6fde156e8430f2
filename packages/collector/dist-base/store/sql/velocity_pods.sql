-- GET /velocity: state and instances of the pods whose lifetime overlaps the window (idle ones too).
SELECT Namespace AS ns, Workload AS w, ServiceName AS s, PodName AS p, toString(State) AS state,
       toUnixTimestamp64Milli(EndedAt) AS endedAt, EndReason AS endReason, InstanceCount AS instances
FROM {db}.pods FINAL
WHERE {part:pods_in_window} AND {where}

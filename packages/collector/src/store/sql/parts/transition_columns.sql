-- A pod lifecycle transition (pod_transitions table) as routes/tx-common.ts TransitionRow reads it.
toUnixTimestamp64Milli(Timestamp) AS ts, Namespace AS ns, Workload AS w,
ServiceName AS s, PodName AS p, InstanceId AS inst, Transition AS transition, FromState AS fromState,
ToState AS toState, Reason AS reason, Message AS message

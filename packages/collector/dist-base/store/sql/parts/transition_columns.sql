-- A pod lifecycle transition (pod_transitions table) as lifecycle/pod-transition.ts StoredPodTransitionRow
-- reads it. The time is named TimestampMs: an alias named like its column would replace the column in
-- WHERE and ORDER BY.
toUnixTimestamp64Milli(Timestamp) AS TimestampMs, Namespace, Workload,
ServiceName, PodName, InstanceId, Transition, FromState, ToState, Reason, Message

-- A k8s_pods row as routes/kubernetes-facts.ts K8sPodRead reads it.
Namespace AS ns, PodName AS p, PodUid AS uid, Workload AS w, WorkloadKind AS wk, NodeName AS node,
Phase AS phase, Reason AS reason, Message AS message, WaitingReason AS waiting, WaitingMessage AS waitingMessage,
RestartCount AS restarts, Ready AS ready, ContainerNames AS cNames, ContainerRestarts AS cRestarts,
ContainerReady AS cReady, ContainerStates AS cStates, ContainerReasons AS cReasons,
toUnixTimestamp64Milli(CreatedAt) AS createdAt, toUnixTimestamp64Milli(StartedAt) AS startedAt,
toUnixTimestamp64Milli(EndedAt) AS endedAt, EndReason AS endReason, Deleted AS deleted,
toUnixTimestamp64Milli(UpdatedAt) AS updatedAt

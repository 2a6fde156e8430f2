-- A k8s_events row as routes/kubernetes-facts.ts toKubernetesEvent reads it.
toUnixTimestamp64Milli(Timestamp) AS ts, Namespace AS ns, InvolvedKind AS kind, InvolvedName AS name,
Workload AS w, toString(Type) AS type, toString(Reason) AS reason, Message AS message, Count AS count,
toString(Source) AS source

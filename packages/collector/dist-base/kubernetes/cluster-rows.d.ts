/** Rows the watcher writes (JSONEachRow; times as epoch ms), one interface per table of migration 0007. */
export interface K8sPodRow {
    Namespace: string;
    PodName: string;
    PodUid: string;
    Workload: string;
    WorkloadKind: string;
    NodeName: string;
    HostIp: string;
    Phase: string;
    Reason: string;
    Message: string;
    WaitingReason: string;
    WaitingMessage: string;
    RestartCount: number;
    Ready: number;
    ContainerNames: string[];
    ContainerRestarts: number[];
    ContainerReady: number[];
    ContainerStates: string[];
    ContainerReasons: string[];
    CreatedAt: number;
    StartedAt: number | null;
    EndedAt: number | null;
    EndReason: string;
    Deleted: number;
    UpdatedAt: number;
    Version: number;
}
export interface K8sTerminationRow {
    Namespace: string;
    PodName: string;
    PodUid: string;
    Workload: string;
    /** '' for a pod-level end (eviction, preemption, deletion) */
    Container: string;
    RestartCount: number;
    Reason: string;
    ExitCode: number;
    Signal: number;
    Message: string;
    StartedAt: number | null;
    FinishedAt: number;
    ContainerId: string;
    ObservedAt: number;
}
export interface K8sEventRow {
    Timestamp: number;
    Namespace: string;
    InvolvedKind: string;
    InvolvedName: string;
    InvolvedUid: string;
    Workload: string;
    Uid: string;
    Type: string;
    Reason: string;
    Message: string;
    Count: number;
    Source: string;
}
export interface K8sHpaRow {
    Timestamp: number;
    Namespace: string;
    Name: string;
    TargetKind: string;
    TargetName: string;
    MinReplicas: number;
    MaxReplicas: number;
    CurrentReplicas: number;
    DesiredReplicas: number;
    MetricNames: string[];
    MetricTargets: number[];
    MetricCurrents: (number | null)[];
    MetricTypes: string[];
    LastScaleTime: number | null;
}
export interface K8sReplicasRow {
    Timestamp: number;
    Namespace: string;
    Kind: string;
    Name: string;
    Replicas: number;
    FromReplicas: number;
    ReadyReplicas: number;
    UpdatedReplicas: number;
    AvailableReplicas: number;
    Generation: number;
    Cause: string;
}
export interface ClusterRows {
    k8s_pods: K8sPodRow;
    k8s_terminations: K8sTerminationRow;
    k8s_events: K8sEventRow;
    k8s_hpa_history: K8sHpaRow;
    k8s_workload_replicas: K8sReplicasRow;
}
export type ClusterTable = keyof ClusterRows;
/** Where the trackers put rows (the batching writer, or a test's array). */
export interface ClusterSink {
    put<T extends ClusterTable>(table: T, row: ClusterRows[T]): void;
}
//# sourceMappingURL=cluster-rows.d.ts.map
-- The cluster's view of pods, written by the Kubernetes watcher (kubernetes/): joined to the
-- agent's pods and instances by PodUid at read time.

-- One row per pod the cluster knows, newest version wins (pods that never ran an agent too).
CREATE TABLE IF NOT EXISTS {db}.k8s_pods
(
    Namespace     LowCardinality(String),
    PodName       String,
    PodUid        String,
    Workload      LowCardinality(String),
    WorkloadKind  LowCardinality(String),
    NodeName      LowCardinality(String),
    HostIp        String,
    Phase         LowCardinality(String),
    Reason        String,
    Message       String CODEC(ZSTD(3)),
    WaitingReason LowCardinality(String),
    WaitingMessage String CODEC(ZSTD(3)),
    RestartCount  UInt32,
    Ready         UInt8,
    -- per container, in status order: name, restarts, ready, state ('running', 'waiting', 'terminated')
    -- and its reason
    ContainerNames    Array(String),
    ContainerRestarts Array(UInt32),
    ContainerReady    Array(UInt8),
    ContainerStates   Array(String),
    ContainerReasons  Array(String),
    CreatedAt     DateTime64(3),
    StartedAt     Nullable(DateTime64(3)),
    EndedAt       Nullable(DateTime64(3)),
    EndReason     String,
    Deleted       UInt8,
    UpdatedAt     DateTime64(3),
    Version       UInt64
)
ENGINE = ReplacingMergeTree(Version)
PARTITION BY toYYYYMM(CreatedAt)
ORDER BY (Namespace, PodName, PodUid)
TTL toDateTime(UpdatedAt) + INTERVAL 90 DAY;

-- Every container termination the cluster reported (lastState / state.terminated), and pod-level
-- ends (eviction, preemption, deletion) with Container = ''.
CREATE TABLE IF NOT EXISTS {db}.k8s_terminations
(
    Namespace     LowCardinality(String),
    PodName       String,
    PodUid        String,
    Workload      LowCardinality(String),
    Container     LowCardinality(String),
    RestartCount  UInt32,
    Reason        LowCardinality(String),
    ExitCode      Int32,
    Signal        Int32,
    Message       String CODEC(ZSTD(3)),
    StartedAt     Nullable(DateTime64(3)),
    FinishedAt    DateTime64(3),
    ContainerId   String,
    ObservedAt    DateTime64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(FinishedAt)
ORDER BY (Namespace, PodName, PodUid, Container, FinishedAt, Reason)
TTL toDateTime(FinishedAt) + INTERVAL 90 DAY;

-- Kubernetes Events (core/v1); one row per (event, count): a repeated event keeps its history.
CREATE TABLE IF NOT EXISTS {db}.k8s_events
(
    Timestamp     DateTime64(3),
    Namespace     LowCardinality(String),
    InvolvedKind  LowCardinality(String),
    InvolvedName  String,
    InvolvedUid   String,
    Workload      LowCardinality(String),
    Uid           String,
    Type          LowCardinality(String),
    Reason        LowCardinality(String),
    Message       String CODEC(ZSTD(3)),
    Count         UInt32,
    Source        LowCardinality(String)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (Namespace, InvolvedName, Uid, Count)
TTL toDateTime(Timestamp) + INTERVAL 90 DAY;

-- HorizontalPodAutoscaler (autoscaling/v2) spec and status, a row per observed change.
CREATE TABLE IF NOT EXISTS {db}.k8s_hpa_history
(
    Timestamp       DateTime64(3),
    Namespace       LowCardinality(String),
    Name            String,
    TargetKind      LowCardinality(String),
    TargetName      String,
    MinReplicas     UInt32,
    MaxReplicas     UInt32,
    CurrentReplicas UInt32,
    DesiredReplicas UInt32,
    MetricNames     Array(String),
    MetricTargets   Array(Float64),
    MetricCurrents  Array(Nullable(Float64)),
    MetricTypes     Array(String),
    LastScaleTime   Nullable(DateTime64(3))
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (Namespace, Name, Timestamp)
TTL toDateTime(Timestamp) + INTERVAL 90 DAY;

-- Replica changes of Deployments and StatefulSets with their cause.
CREATE TABLE IF NOT EXISTS {db}.k8s_workload_replicas
(
    Timestamp         DateTime64(3),
    Namespace         LowCardinality(String),
    Kind              LowCardinality(String),
    Name              String,
    Replicas          UInt32,
    FromReplicas      UInt32,
    ReadyReplicas     UInt32,
    UpdatedReplicas   UInt32,
    AvailableReplicas UInt32,
    Generation        UInt64,
    Cause             String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (Namespace, Name, Timestamp)
TTL toDateTime(Timestamp) + INTERVAL 90 DAY;

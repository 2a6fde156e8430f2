-- Schema v1. `{db}` is replaced by the escaped database identifier; nothing else is templated.
-- Why these keys: docs/schema.md.

CREATE TABLE IF NOT EXISTS {db}.spans
(
    Timestamp          DateTime64(9) CODEC(Delta(8), ZSTD(1)),
    TraceId            FixedString(16) CODEC(ZSTD(1)),
    SpanId             FixedString(8) CODEC(ZSTD(1)),
    ParentSpanId       FixedString(8) CODEC(ZSTD(1)),
    TraceState         String CODEC(ZSTD(1)),
    SpanName           LowCardinality(String) CODEC(ZSTD(1)),
    SpanKind           Enum8('Unspecified' = 0, 'Internal' = 1, 'Server' = 2, 'Client' = 3, 'Producer' = 4, 'Consumer' = 5),
    IsTransaction      Bool,
    ServiceName        LowCardinality(String) CODEC(ZSTD(1)),
    ServiceVersion     LowCardinality(String) CODEC(ZSTD(1)),
    Namespace          LowCardinality(String) CODEC(ZSTD(1)),
    Workload           LowCardinality(String) CODEC(ZSTD(1)),
    WorkloadKind       LowCardinality(String) CODEC(ZSTD(1)),
    PodName            LowCardinality(String) CODEC(ZSTD(1)),
    PodUid             LowCardinality(String) CODEC(ZSTD(1)),
    InstanceId         LowCardinality(String) CODEC(ZSTD(1)),
    ContainerName      LowCardinality(String) CODEC(ZSTD(1)),
    NodeName           LowCardinality(String) CODEC(ZSTD(1)),
    ScopeName          LowCardinality(String) CODEC(ZSTD(1)),
    DurationNs         UInt64 CODEC(T64, ZSTD(1)),
    StatusCode         Enum8('Unset' = 0, 'Ok' = 1, 'Error' = 2),
    StatusMessage      String CODEC(ZSTD(1)),
    HttpMethod         LowCardinality(String) CODEC(ZSTD(1)),
    HttpRoute          LowCardinality(String) CODEC(ZSTD(1)),
    HttpStatusCode     UInt16 CODEC(T64, ZSTD(1)),
    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    SpanAttributes     Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    `Events.Timestamp`  Array(DateTime64(9)) CODEC(ZSTD(1)),
    `Events.Name`       Array(LowCardinality(String)) CODEC(ZSTD(1)),
    `Events.Attributes` Array(Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
    `Links.TraceId`     Array(FixedString(16)) CODEC(ZSTD(1)),
    `Links.SpanId`      Array(FixedString(8)) CODEC(ZSTD(1)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_duration DurationNs TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, PodName, toStartOfMinute(Timestamp), Timestamp)
TTL toDateTime(Timestamp) + INTERVAL 7 DAY
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;

-- Trace lookup: where (time range) a trace lives, so a trace-by-id read touches few parts.
CREATE TABLE IF NOT EXISTS {db}.trace_index
(
    TraceId FixedString(16) CODEC(ZSTD(1)),
    Start   DateTime64(9),
    End     DateTime64(9)
)
ENGINE = ReplacingMergeTree
PARTITION BY toDate(Start)
ORDER BY (TraceId, toUnixTimestamp(Start))
TTL toDateTime(Start) + INTERVAL 7 DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.trace_index_mv TO {db}.trace_index AS
SELECT TraceId, min(Timestamp) AS Start, max(Timestamp) AS End
FROM {db}.spans
GROUP BY TraceId;

-- Per pod, per route, per second transaction aggregates with a log-scale latency histogram.
-- LatencyBucket b covers [2^(b/4), 2^((b+1)/4)) microseconds: 4 buckets per doubling (~19% wide).
CREATE TABLE IF NOT EXISTS {db}.tx_1s
(
    Ts            DateTime CODEC(Delta(4), ZSTD(1)),
    ServiceName   LowCardinality(String),
    Namespace     LowCardinality(String),
    Workload      LowCardinality(String),
    PodName       LowCardinality(String),
    InstanceId    LowCardinality(String),
    HttpRoute     LowCardinality(String),
    LatencyBucket UInt8,
    Count         UInt64 CODEC(T64, ZSTD(1)),
    Errors        UInt64 CODEC(T64, ZSTD(1)),
    DurationSumNs UInt64 CODEC(ZSTD(1)),
    DurationMinNs SimpleAggregateFunction(min, UInt64),
    DurationMaxNs SimpleAggregateFunction(max, UInt64)
)
ENGINE = SummingMergeTree((Count, Errors, DurationSumNs))
PARTITION BY toDate(Ts)
ORDER BY (ServiceName, PodName, Ts, HttpRoute, InstanceId, Namespace, Workload, LatencyBucket)
TTL Ts + INTERVAL 30 DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.tx_1s_mv TO {db}.tx_1s AS
SELECT
    {rule:end_second} AS Ts,
    ServiceName, Namespace, Workload, PodName, InstanceId, HttpRoute,
    {rule:latency_bucket} AS LatencyBucket,
    count() AS Count,
    countIf({rule:failed_transaction}) AS Errors,
    sum(DurationNs) AS DurationSumNs,
    min(DurationNs) AS DurationMinNs,
    max(DurationNs) AS DurationMaxNs
FROM {db}.spans
WHERE IsTransaction
GROUP BY Ts, ServiceName, Namespace, Workload, PodName, InstanceId, HttpRoute, LatencyBucket;

-- Raw lifecycle events as the agent sent them (OTLP log records with event.name).
CREATE TABLE IF NOT EXISTS {db}.lifecycle_events
(
    Timestamp     DateTime64(9) CODEC(Delta(8), ZSTD(1)),
    EventName     LowCardinality(String),
    ServiceName   LowCardinality(String),
    Namespace     LowCardinality(String),
    Workload      LowCardinality(String),
    PodName       LowCardinality(String),
    PodUid        LowCardinality(String),
    InstanceId    LowCardinality(String),
    NodeName      LowCardinality(String),
    HostIp        LowCardinality(String),
    SeverityText  LowCardinality(String),
    Body          String CODEC(ZSTD(3)),
    Attributes    Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(3))
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (Namespace, Workload, PodName, InstanceId, Timestamp)
TTL toDateTime(Timestamp) + INTERVAL 90 DAY
SETTINGS non_replicated_deduplication_window = 10000;

-- One row per process instance (a start of the agent in a pod), newest version wins.
CREATE TABLE IF NOT EXISTS {db}.instances
(
    Namespace     LowCardinality(String),
    Workload      LowCardinality(String),
    WorkloadKind  LowCardinality(String),
    ServiceName   LowCardinality(String),
    PodName       String,
    PodUid        String,
    InstanceId    String,
    NodeName      LowCardinality(String),
    HostIp        String,
    ContainerName LowCardinality(String),
    StartedAt     DateTime64(3),
    ReadyAt       Nullable(DateTime64(3)),
    LastSeen      DateTime64(3),
    EndedAt       Nullable(DateTime64(3)),
    State         Enum8('running' = 1, 'stopped' = 2, 'crashed' = 3, 'killed' = 4, 'restarted' = 5),
    EndReason     String,
    ExitDetail    String CODEC(ZSTD(3)),
    Version       UInt64
)
ENGINE = ReplacingMergeTree(Version)
PARTITION BY toYYYYMM(StartedAt)
ORDER BY (Namespace, Workload, PodName, InstanceId)
TTL toDateTime(StartedAt) + INTERVAL 90 DAY;

-- One row per pod ever seen; newest version wins.
CREATE TABLE IF NOT EXISTS {db}.pods
(
    Namespace     LowCardinality(String),
    Workload      LowCardinality(String),
    WorkloadKind  LowCardinality(String),
    ServiceName   LowCardinality(String),
    PodName       String,
    PodUid        String,
    NodeName      LowCardinality(String),
    HostIp        String,
    FirstSeen     DateTime64(3),
    LastSeen      DateTime64(3),
    EndedAt       Nullable(DateTime64(3)),
    State         Enum8('running' = 1, 'stopped' = 2, 'crashed' = 3, 'killed' = 4, 'restarted' = 5),
    EndReason     String,
    InstanceCount UInt32,
    RestartCount  UInt32,
    CurrentInstanceId String,
    Version       UInt64
)
ENGINE = ReplacingMergeTree(Version)
PARTITION BY toYYYYMM(FirstSeen)
ORDER BY (Namespace, Workload, PodName)
TTL toDateTime(FirstSeen) + INTERVAL 90 DAY;

-- Transitions derived by the collector (pod started, agent connected, restarted, ended ...).
CREATE TABLE IF NOT EXISTS {db}.pod_transitions
(
    Timestamp     DateTime64(3),
    Namespace     LowCardinality(String),
    Workload      LowCardinality(String),
    ServiceName   LowCardinality(String),
    PodName       String,
    InstanceId    String,
    Transition    LowCardinality(String),
    FromState     LowCardinality(String),
    ToState       LowCardinality(String),
    Reason        String,
    Message       String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(Timestamp)
ORDER BY (Namespace, Workload, PodName, InstanceId, Timestamp, Transition)
TTL toDateTime(Timestamp) + INTERVAL 90 DAY;

-- Runtime and application metrics (OTLP gauges, sums, histograms flattened to one row per point).
CREATE TABLE IF NOT EXISTS {db}.metrics
(
    Timestamp    DateTime64(3) CODEC(Delta(8), ZSTD(1)),
    MetricName   LowCardinality(String),
    MetricType   Enum8('gauge' = 1, 'sum' = 2, 'histogram' = 3),
    Unit         LowCardinality(String),
    ServiceName  LowCardinality(String),
    Namespace    LowCardinality(String),
    Workload     LowCardinality(String),
    PodName      LowCardinality(String),
    InstanceId   LowCardinality(String),
    Attributes   Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    Value        Float64 CODEC(Gorilla, ZSTD(1)),
    Count        UInt64 CODEC(T64, ZSTD(1)),
    Sum          Float64 CODEC(Gorilla, ZSTD(1)),
    BucketBounds Array(Float64) CODEC(ZSTD(1)),
    BucketCounts Array(UInt64) CODEC(ZSTD(1))
)
ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, PodName, MetricName, Timestamp)
TTL toDateTime(Timestamp) + INTERVAL 30 DAY
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;

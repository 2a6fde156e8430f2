-- Ingest v1 refinements (ingest engineer).
--
-- 1. Materialized-view targets deduplicate too. A Kafka batch re-delivered after a crash is
--    re-inserted with the same insert_deduplication_token: the spans block is dropped, and the
--    blocks the MVs derive from it carry a token derived from it, but a target table only
--    checks them when it has a deduplication window itself. Without this, tx_1s would count a
--    re-delivered batch twice.
ALTER TABLE {db}.tx_1s MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE {db}.trace_index MODIFY SETTING non_replicated_deduplication_window = 10000;
ALTER TABLE {db}.pod_transitions MODIFY SETTING non_replicated_deduplication_window = 1000;

-- 2. Plain log records received on the OTLP/HTTP receiver (/v1/logs) or on the lifecycle topic
--    without a podtrail lifecycle event name. Same identity columns as spans.
CREATE TABLE IF NOT EXISTS {db}.logs
(
    Timestamp          DateTime64(9) CODEC(Delta(8), ZSTD(1)),
    TraceId            FixedString(16) CODEC(ZSTD(1)),
    SpanId             FixedString(8) CODEC(ZSTD(1)),
    SeverityNumber     UInt8,
    SeverityText       LowCardinality(String),
    ServiceName        LowCardinality(String),
    Namespace          LowCardinality(String),
    Workload           LowCardinality(String),
    PodName            LowCardinality(String),
    InstanceId         LowCardinality(String),
    ScopeName          LowCardinality(String),
    Body               String CODEC(ZSTD(3)),
    Attributes         Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(3))
)
ENGINE = MergeTree
PARTITION BY toDate(Timestamp)
ORDER BY (ServiceName, PodName, Timestamp)
TTL toDateTime(Timestamp) + INTERVAL 7 DAY
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;

-- 3. Heartbeat interval the agent announced, per instance: the lifecycle tracker needs it after a
--    restart or a partition hand-over to detect vanished instances.
ALTER TABLE {db}.instances ADD COLUMN IF NOT EXISTS HeartbeatMs UInt32 DEFAULT 0 AFTER ExitDetail;

-- 4. Resource attributes once per process instance. Spans keep in their ResourceAttributes only
--    the keys that are not per-instance constants (k8s.*, host.*, os.*, container.*, process.*,
--    telemetry.*, service.*, podtrail.* live here and in the identity columns): repeating ~20
--    constant attributes on every span cost ~13 bytes/span on disk and half the insert parse time.
ALTER TABLE {db}.instances ADD COLUMN IF NOT EXISTS ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(3)) AFTER HeartbeatMs;

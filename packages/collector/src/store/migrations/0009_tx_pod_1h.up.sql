-- Per pod and hour rollup of tx_1s for long velocity windows (24 h at 20,000 pods a day): one row
-- per pod, route and hour holding the pod's whole latency histogram (bucket -> transactions,
-- failed) and the duration sum, min and max, so a day reads about one row per pod instead of one
-- per pod, minute and bucket. The buckets are those of tx_1s, so whole hours sum to exactly what
-- tx_1s gives. Same TTL and deduplication window as tx_1s (a re-delivered batch is dropped here
-- like there).
CREATE TABLE IF NOT EXISTS {db}.tx_pod_1h
(
    Ts            DateTime CODEC(Delta(4), ZSTD(1)),
    ServiceName   LowCardinality(String),
    Namespace     LowCardinality(String),
    Workload      LowCardinality(String),
    PodName       LowCardinality(String),
    HttpRoute     LowCardinality(String),
    Latency       SimpleAggregateFunction(sumMap, Tuple(Array(UInt8), Array(UInt64), Array(UInt64))),
    DurationSumNs SimpleAggregateFunction(sum, UInt64),
    DurationMinNs SimpleAggregateFunction(min, UInt64),
    DurationMaxNs SimpleAggregateFunction(max, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toDate(Ts)
ORDER BY (Ts, Namespace, PodName, ServiceName, Workload, HttpRoute)
TTL Ts + INTERVAL 30 DAY
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.tx_pod_1h_mv TO {db}.tx_pod_1h AS
SELECT
    toStartOfHour(Ts) AS Ts,
    ServiceName, Namespace, Workload, PodName, HttpRoute,
    sumMap([LatencyBucket], [Count], [Errors]) AS Latency,
    sum(DurationSumNs) AS DurationSumNs,
    min(DurationMinNs) AS DurationMinNs,
    max(DurationMaxNs) AS DurationMaxNs
FROM {db}.tx_1s
GROUP BY Ts, ServiceName, Namespace, Workload, PodName, HttpRoute;

-- What tx_1s held before this migration, once (the fixed token: see 0004).
INSERT INTO {db}.tx_pod_1h
SETTINGS insert_deduplication_token = 'migration-0009-tx_pod_1h-backfill'
SELECT
    toStartOfHour(Ts) AS Ts,
    ServiceName, Namespace, Workload, PodName, HttpRoute,
    sumMap([LatencyBucket], [Count], [Errors]),
    sum(DurationSumNs), min(DurationMinNs), max(DurationMaxNs)
FROM {db}.tx_1s
GROUP BY Ts, ServiceName, Namespace, Workload, PodName, HttpRoute;

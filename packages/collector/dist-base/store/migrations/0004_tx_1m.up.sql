-- Per-minute rollup of tx_1s, for heatmaps whose columns are a minute or wider (the 24 h and 7 day
-- windows): up to 60x fewer rows to read. Same dimensions and latency buckets as tx_1s, so a column
-- of whole minutes sums to exactly what tx_1s gives.
-- Built AS tx_1s: the same columns, engine, key, TTL and settings (its deduplication window
-- included), so the two cannot drift apart at creation.
CREATE TABLE IF NOT EXISTS {db}.tx_1m AS {db}.tx_1s;

-- Fed by every insert into tx_1s (itself fed by spans): a re-delivered Kafka batch is dropped here
-- like in tx_1s, through the deduplication window copied from it.
CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.tx_1m_mv TO {db}.tx_1m AS
SELECT
    toStartOfMinute(Ts) AS Ts,
    ServiceName, Namespace, Workload, PodName, InstanceId, HttpRoute, LatencyBucket,
    sum(Count) AS Count,
    sum(Errors) AS Errors,
    sum(DurationSumNs) AS DurationSumNs,
    min(DurationMinNs) AS DurationMinNs,
    max(DurationMaxNs) AS DurationMaxNs
FROM {db}.tx_1s
GROUP BY Ts, ServiceName, Namespace, Workload, PodName, InstanceId, HttpRoute, LatencyBucket;

-- What tx_1s held before this migration. The fixed token makes a second run of this statement (two
-- collectors migrating at once) a no-op.
INSERT INTO {db}.tx_1m
SETTINGS insert_deduplication_token = 'migration-0004-tx_1m-backfill'
SELECT
    toStartOfMinute(Ts) AS Ts,
    ServiceName, Namespace, Workload, PodName, InstanceId, HttpRoute, LatencyBucket,
    sum(Count), sum(Errors), sum(DurationSumNs), min(DurationMinNs), max(DurationMaxNs)
FROM {db}.tx_1s
GROUP BY Ts, ServiceName, Namespace, Workload, PodName, InstanceId, HttpRoute, LatencyBucket;

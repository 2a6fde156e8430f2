-- Skip indexes for the logs query API (GET /api/v1/logs, GET /api/v1/traces/:traceId/logs).
-- The table already has what the API returns (0003: trace/span ids, severity number and text, the
-- pod/instance identity); what it lacked is a way to skip granules.
--
-- 1. Text search: the API matches a case-insensitive literal substring as
--    `multiSearchAny(lowerUTF8(Body), [lowerUTF8({q:String})])`, which this trigram bloom filter on
--    the same expression serves (a granule without all the needle's trigrams is skipped). ~4 bytes
--    per row at the default granularity of 8192 rows.
ALTER TABLE {db}.logs ADD INDEX IF NOT EXISTS idx_body_ngram lowerUTF8(Body) TYPE ngrambf_v1(3, 32768, 2, 0) GRANULARITY 1;

-- 2. The log lines of one trace: the table is sorted by service, pod and time, a trace id alone
--    would read every granule.
ALTER TABLE {db}.logs ADD INDEX IF NOT EXISTS idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1;

-- Parts written before this migration get the indexes at their next merge (no MATERIALIZE INDEX
-- mutation at start-up); until then they are read in full, with the same results.

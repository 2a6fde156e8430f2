DROP TABLE IF EXISTS {db}.logs;
ALTER TABLE {db}.tx_1s MODIFY SETTING non_replicated_deduplication_window = 0;
ALTER TABLE {db}.trace_index MODIFY SETTING non_replicated_deduplication_window = 0;
ALTER TABLE {db}.pod_transitions MODIFY SETTING non_replicated_deduplication_window = 0;
ALTER TABLE {db}.instances DROP COLUMN IF EXISTS ResourceAttributes;
ALTER TABLE {db}.instances DROP COLUMN IF EXISTS HeartbeatMs;

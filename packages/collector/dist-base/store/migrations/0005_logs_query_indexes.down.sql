ALTER TABLE {db}.logs DROP INDEX IF EXISTS idx_trace_id;
ALTER TABLE {db}.logs DROP INDEX IF EXISTS idx_body_ngram;

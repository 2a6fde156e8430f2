-- Typed span attributes (issue 13): SpanAttributes keeps every value as a string (filters and SQL
-- read it); this column holds a type tag (int, double, bool, bytes, kvlist, int[], double[], bool[],
-- string[], array) for each value that was not a string, so the API can answer typed JSON
-- (ingest/attribute-types.ts). Spans stored before it read as strings.
ALTER TABLE {db}.spans ADD COLUMN IF NOT EXISTS SpanAttributeTypes Map(LowCardinality(String), LowCardinality(String)) CODEC(ZSTD(1)) AFTER SpanAttributes;

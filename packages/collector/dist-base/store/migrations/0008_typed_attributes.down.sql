ALTER TABLE {db}.spans DROP COLUMN IF EXISTS SpanAttributeTypes;

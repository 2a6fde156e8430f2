-- API tokens (query API engineer). Only the sha256 of a token is stored; newest Version wins.
-- Small table: every collector keeps it in memory and refreshes it every few seconds.
CREATE TABLE IF NOT EXISTS {db}.api_tokens
(
    TokenHash  String,
    Role       Enum8('ingest' = 1, 'read' = 2, 'admin' = 3),
    Name       String,
    CreatedAt  DateTime64(3),
    ExpiresAt  Nullable(DateTime64(3)),
    Revoked    Bool DEFAULT false,
    Version    UInt64
)
ENGINE = ReplacingMergeTree(Version)
ORDER BY TokenHash;

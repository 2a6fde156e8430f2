-- Bookkeeping of applied schema migrations (store/migrate.ts).
CREATE TABLE IF NOT EXISTS {db}.schema_migrations
(
    Version   UInt32,
    Name      String,
    AppliedAt DateTime64(3) DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
ORDER BY Version

SELECT DISTINCT Version FROM {db}.schema_migrations ORDER BY Version

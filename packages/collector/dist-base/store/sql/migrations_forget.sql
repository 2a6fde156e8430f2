DELETE FROM {db}.schema_migrations WHERE Version = {v:UInt32}

INSERT INTO {db}.schema_migrations (Version, Name) VALUES ({v:UInt32}, {n:String})

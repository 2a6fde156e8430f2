-- The collector's database (store/migrate.ts, before any migration).
CREATE DATABASE IF NOT EXISTS {db}

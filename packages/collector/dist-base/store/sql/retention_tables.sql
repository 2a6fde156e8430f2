-- Current engine definition (with its TTL) of every table of the database.
SELECT name, engine_full FROM system.tables WHERE database = {database:String}

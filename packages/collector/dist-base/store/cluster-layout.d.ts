/**
 * Which tables live how on a ClickHouse cluster (`CLICKHOUSE_CLUSTER`; see cluster-ddl.ts and
 * docs/deploy.md), and whether this process's database is on one. A leaf: the SQL loader, the
 * writer and the DDL renderer all ask it.
 */
/** Tables written through their Distributed table, with the sharding key that keeps a row's versions together. */
export declare const SHARDED_TABLES: Readonly<Record<string, string>>;
/** Tables read through their Distributed table `<table>_dist` on a cluster. */
export declare const READ_TABLES: readonly string[];
/** The Distributed table of a table. */
export declare function distName(table: string): string;
/** Marks a database as created on a cluster (set once at start-up by the clickhouse plugin). */
export declare function setClustered(database: string, on: boolean): void;
export declare function isClustered(database: string): boolean;
/** The table an insert into `table` goes to: its Distributed table for sharded tables on a cluster. */
export declare function writeTable(database: string, table: string): string;
//# sourceMappingURL=cluster-layout.d.ts.map
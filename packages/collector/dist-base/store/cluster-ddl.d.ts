/**
 * The schema on a ClickHouse cluster (`CLICKHOUSE_CLUSTER`), as the OpenTelemetry Collector's
 * ClickHouse exporter does it with its `cluster_name` and `table_engine` options: every DDL
 * statement of the migrations runs `ON CLUSTER`, every MergeTree-family engine becomes its
 * Replicated* form, and the tables the API reads get a Distributed `<table>_dist` beside them.
 *
 * Layout (cluster-layout.ts, docs/deploy.md):
 * - data tables (spans and what their views derive, logs, metrics, lifecycle events) are written
 *   to the local table of the node a collector talks to — the exactly-once deduplication tokens
 *   and the materialized views work on local Replicated inserts — and read through `_dist`;
 * - state tables (`SHARDED_TABLES`: pods, instances, transitions, API tokens, the k8s_* tables) are written through
 *   `_dist` with a sharding key, so every version of one pod (or token) lives on one shard and
 *   ReplacingMergeTree / FINAL stay exact when reads fan out.
 *
 * Pure text: it renders the statements `store/sql.ts` rendered for one node. Statements it does
 * not know how to place on a cluster are refused (a new migration must be taught here, and the
 * rendered-DDL test fails until it is).
 */
export interface ClusterOptions {
    /** cluster name as in the servers' `remote_servers` (a `{macro}` works too) */
    cluster: string;
    /** Keeper path of a replicated table */
    replicaPath?: string;
    /** replica name */
    replicaName?: string;
}
export declare const DEFAULT_REPLICA_PATH = "/clickhouse/tables/{shard}/{database}/{table}";
export declare const DEFAULT_REPLICA_NAME = "{replica}";
export declare class ClusterDdl {
    private readonly database;
    private readonly on;
    private readonly cluster;
    private readonly path;
    private readonly replica;
    private readonly db;
    private readonly table;
    /** engine clause (ENGINE = ... to the end) and settings changed since, per table created so far */
    private readonly engines;
    constructor(database: string, o: ClusterOptions);
    /** The cluster form of one statement rendered for one node (one or more statements). */
    render(statement: string): string[];
    /** Every statement of a script, in order. */
    renderAll(statements: readonly string[]): string[];
    private replicated;
    private createTable;
    /** `CREATE TABLE x AS y`: y's engine clause, with x's own replica path (the macros name x). */
    private createAs;
    private dist;
    private alter;
}
//# sourceMappingURL=cluster-ddl.d.ts.map
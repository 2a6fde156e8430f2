import type { ClickHouseClient } from '@clickhouse/client';
import { type ClusterOptions } from './cluster-ddl.js';
export interface Migration {
    version: number;
    name: string;
    up: string;
    down: string | undefined;
}
/** Numbered migrations `NNNN_name.up.sql` (+ optional `.down.sql`) from `store/migrations/`. */
export declare function loadMigrations(): Migration[];
export interface MigrateResult {
    applied: number[];
    current: number;
}
interface Logger {
    info(obj: object, msg?: string): void;
}
/** The statements of one migration as they run: for one node, or for a cluster (cluster-ddl.ts). */
export interface RenderedMigration {
    version: number;
    name: string;
    statements: string[];
}
/**
 * Every migration's up statements, rendered for `database`, and for `cluster` when given. The
 * bookkeeping statements first (version 0: the database and `schema_migrations`). Rendered in
 * order from the first migration, whatever is applied already: a cluster statement may depend on
 * an earlier one (`CREATE TABLE x AS y` copies y's engine).
 */
export declare function renderMigrations(database: string, cluster?: ClusterOptions): RenderedMigration[];
/**
 * Creates the database and applies every migration not yet recorded in `schema_migrations`.
 * Idempotent: every DDL statement is `IF NOT EXISTS` (or otherwise repeatable), so two
 * collectors starting at once against one server do no harm. With `cluster`, the statements are
 * their cluster form (`ON CLUSTER`, Replicated engines, Distributed tables: cluster-ddl.ts).
 */
export declare function migrate(client: ClickHouseClient, database: string, log?: Logger, cluster?: ClusterOptions): Promise<MigrateResult>;
export declare function appliedVersions(client: ClickHouseClient, database: string): Promise<number[]>;
/** Rolls back migrations above `toVersion` using their `.down.sql` (operator tool, not run at start). */
export declare function migrateDown(client: ClickHouseClient, database: string, toVersion: number, cluster?: ClusterOptions): Promise<number[]>;
export {};
//# sourceMappingURL=migrate.d.ts.map
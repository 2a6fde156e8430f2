/**
 * The one loader for SQL kept in `.sql` files (`store/sql/*.sql`, `store/migrations/*.sql`).
 * Templates, rendered here:
 * - `{db}` the escaped database identifier;
 * - `{rule:NAME}` / `{rule:NAME(a, b)}` one of the shared rules of `@podtrail/contracts/rules` in its
 *   SQL form (`SQL_RULES` below; arguments are column names or aliases), so a view and a query
 *   cannot define a failed transaction or a latency bucket differently;
 * - `{part:NAME}` the text of `store/sql/parts/NAME.sql` (column lists and conditions that several
 *   statements share; its `--` comment lines are dropped).
 *
 * Left for the query builder (`routes/query-util.ts`, `Where.render`): the slots of
 * `BUILDER_SLOTS`, `{where}` (conditions, values bound as parameters) and `{order_by}`.
 * Values are never templated; they travel as server-side parameters (`{name:Type}`).
 *
 * The files are read next to the compiled module when present, else from the source tree
 * (`dist/store/x.js` -> `src/store/...`), so `pnpm build` needs no copy step.
 */
export declare function storeDir(sub: 'sql' | 'migrations'): string;
/** Backquoted ClickHouse identifier (database names come from config, never from requests). */
export declare function ident(name: string): string;
type SqlRule = string | ((...columns: string[]) => string);
/** The rules a `.sql` file may name as `{rule:NAME}` (or `{rule:NAME(columns...)}` for a function). */
export declare const SQL_RULES: Readonly<Record<string, SqlRule>>;
/** The slots a statement leaves to the query builder. */
export declare const BUILDER_SLOTS: readonly ["where", "order_by"];
export type BuilderSlot = (typeof BUILDER_SLOTS)[number];
export declare function renderSql(text: string, database: string): string;
/**
 * Loads `store/sql/<name>.sql`, rendered (builder slots left as they are); on a cluster
 * (cluster-layout.ts) reading the Distributed tables.
 */
export declare function sql(name: string, database: string): string;
export declare function listSqlFiles(sub: 'sql' | 'migrations'): string[];
/**
 * Splits a script into statements on `;` outside quotes, backquotes and comments.
 * Comment-only fragments are dropped.
 */
export declare function splitStatements(script: string): string[];
export {};
//# sourceMappingURL=sql.d.ts.map
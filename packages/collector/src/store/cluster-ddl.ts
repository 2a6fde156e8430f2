import { distName, READ_TABLES, SHARDED_TABLES } from './cluster-layout.js';
import { ident } from './sql.js';

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

export const DEFAULT_REPLICA_PATH = '/clickhouse/tables/{shard}/{database}/{table}';
export const DEFAULT_REPLICA_NAME = '{replica}';

const MERGE_TREE =
  /ENGINE\s*=\s*(MergeTree|ReplacingMergeTree|SummingMergeTree|AggregatingMergeTree|CollapsingMergeTree|VersionedCollapsingMergeTree)\b(?:\s*\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\))?/;

function sqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `SETTINGS a = 1, b = 2` at the end of an engine clause, split off. */
function splitSettings(clause: string): { head: string; settings: Map<string, string> } {
  const m = /\bSETTINGS\b([\s\S]*)$/.exec(clause);
  const settings = new Map<string, string>();
  if (!m) return { head: clause.trimEnd(), settings };
  for (const part of (m[1] as string).split(',')) {
    const [k, v] = part.split('=').map((x) => x.trim());
    if (k && v !== undefined) settings.set(k, v);
  }
  return { head: clause.slice(0, m.index).trimEnd(), settings };
}

export class ClusterDdl {
  private readonly on: string;
  private readonly cluster: string;
  private readonly path: string;
  private readonly replica: string;
  private readonly db: string;
  private readonly table: string;
  /** engine clause (ENGINE = ... to the end) and settings changed since, per table created so far */
  private readonly engines = new Map<string, { clause: string; settings: Map<string, string> }>();

  constructor(
    private readonly database: string,
    o: ClusterOptions,
  ) {
    this.on = `ON CLUSTER ${sqlString(o.cluster)}`;
    this.path = o.replicaPath ?? DEFAULT_REPLICA_PATH;
    this.replica = o.replicaName ?? DEFAULT_REPLICA_NAME;
    this.db = ident(database);
    this.table = `${escapeRe(this.db)}\\.([A-Za-z_][A-Za-z0-9_]*)`;
    this.cluster = o.cluster;
  }

  /** The cluster form of one statement rendered for one node (one or more statements). */
  render(statement: string): string[] {
    const s = statement.trim().replace(/non_replicated_deduplication_window/g, 'replicated_deduplication_window');
    const T = this.table;
    const match = (re: string): string[] | null => new RegExp(re).exec(s)?.slice(1) ?? null;
    if (match(`^CREATE DATABASE IF NOT EXISTS ${escapeRe(this.db)}$`)) return [`${s} ${this.on}`];
    const as = match(`^CREATE TABLE IF NOT EXISTS ${T} AS ${T}$`);
    if (as) return this.createAs(as[0] as string, as[1] as string);
    const table = match(`^CREATE TABLE IF NOT EXISTS ${T}(\\s*\\([\\s\\S]*)$`);
    if (table) return this.createTable(table[0] as string, table[1] as string);
    const view = match(`^CREATE MATERIALIZED VIEW IF NOT EXISTS ${T}( TO [\\s\\S]*)$`);
    if (view) return [`CREATE MATERIALIZED VIEW IF NOT EXISTS ${this.db}.${view[0]} ${this.on}${view[1]}`];
    const alter = match(`^ALTER TABLE ${T} ([\\s\\S]*)$`);
    if (alter) return this.alter(alter[0] as string, alter[1] as string);
    const drop = match(`^DROP (TABLE|VIEW) IF EXISTS ${T}$`);
    if (drop) {
      const [kind, name] = drop as [string, string];
      const one = (t: string) => `DROP ${kind} IF EXISTS ${this.db}.${t} ${this.on} SYNC`;
      return kind === 'TABLE' && READ_TABLES.includes(name) ? [one(distName(name)), one(name)] : [one(name)];
    }
    // data statements run on the node the collector talks to (replicated to its shard)
    if (/^(INSERT|SELECT)\b/.test(s)) return [s];
    throw new Error(`no cluster form for this statement (teach store/cluster-ddl.ts): ${s.slice(0, 200)}`);
  }

  /** Every statement of a script, in order. */
  renderAll(statements: readonly string[]): string[] {
    return statements.flatMap((s) => this.render(s));
  }

  private replicated(clause: string): string {
    return clause.replace(MERGE_TREE, (_m, engine: string, args: string | undefined) => {
      const params = [sqlString(this.path), sqlString(this.replica)];
      if (args?.trim()) params.push(args.trim());
      return `ENGINE = Replicated${engine}(${params.join(', ')})`;
    });
  }

  private createTable(name: string, body: string): string[] {
    const at = body.search(/\bENGINE\s*=/);
    if (at < 0) throw new Error(`CREATE TABLE ${name} without an ENGINE`);
    const columns = body.slice(0, at).trim();
    const clause = this.replicated(body.slice(at));
    if (!/^ENGINE = Replicated/.test(clause))
      throw new Error(`CREATE TABLE ${name}: engine is not of the MergeTree family: ${clause.slice(0, 80)}`);
    this.engines.set(name, { clause, settings: new Map() });
    return [`CREATE TABLE IF NOT EXISTS ${this.db}.${name} ${this.on}\n${columns}\n${clause}`, ...this.dist(name)];
  }

  /** `CREATE TABLE x AS y`: y's engine clause, with x's own replica path (the macros name x). */
  private createAs(name: string, source: string): string[] {
    const src = this.engines.get(source);
    if (!src) throw new Error(`CREATE TABLE ${name} AS ${source}: ${source} was not created before`);
    const { head, settings } = splitSettings(src.clause);
    for (const [k, v] of src.settings) settings.set(k, v);
    const tail = settings.size ? `\nSETTINGS ${[...settings].map(([k, v]) => `${k} = ${v}`).join(', ')}` : '';
    const clause = `${head}${tail}`;
    this.engines.set(name, { clause, settings: new Map() });
    return [
      `CREATE TABLE IF NOT EXISTS ${this.db}.${name} ${this.on} AS ${this.db}.${source}\n${clause}`,
      ...this.dist(name),
    ];
  }

  private dist(name: string): string[] {
    if (!READ_TABLES.includes(name)) return [];
    const args = [sqlString(this.cluster), sqlString(this.database), sqlString(name)];
    const key = SHARDED_TABLES[name];
    if (key) args.push(key);
    return [
      `CREATE TABLE IF NOT EXISTS ${this.db}.${distName(name)} ${this.on} AS ${this.db}.${name}\nENGINE = Distributed(${args.join(', ')})`,
    ];
  }

  private alter(name: string, rest: string): string[] {
    const out = [`ALTER TABLE ${this.db}.${name} ${this.on} ${rest}`];
    const setting = /^MODIFY SETTING ([A-Za-z_]+) = (\S+)$/.exec(rest);
    if (setting) this.engines.get(name)?.settings.set(setting[1] as string, setting[2] as string);
    // a Distributed table mirrors its local table's columns (codecs are the local table's business)
    if (READ_TABLES.includes(name) && /^(ADD|DROP|MODIFY|RENAME) COLUMN\b/.test(rest))
      out.push(
        `ALTER TABLE ${this.db}.${distName(name)} ${this.on} ${rest.replace(/\s*CODEC\((?:[^()]|\([^()]*\))*\)/g, '')}`,
      );
    return out;
  }
}

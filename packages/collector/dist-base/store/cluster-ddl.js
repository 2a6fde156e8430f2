import { distName, READ_TABLES, SHARDED_TABLES } from './cluster-layout.js';
import { ident } from './sql.js';
export const DEFAULT_REPLICA_PATH = '/clickhouse/tables/{shard}/{database}/{table}';
export const DEFAULT_REPLICA_NAME = '{replica}';
const MERGE_TREE = /ENGINE\s*=\s*(MergeTree|ReplacingMergeTree|SummingMergeTree|AggregatingMergeTree|CollapsingMergeTree|VersionedCollapsingMergeTree)\b(?:\s*\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\))?/;
function sqlString(s) {
    return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
function escapeRe(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** `SETTINGS a = 1, b = 2` at the end of an engine clause, split off. */
function splitSettings(clause) {
    const m = /\bSETTINGS\b([\s\S]*)$/.exec(clause);
    const settings = new Map();
    if (!m)
        return { head: clause.trimEnd(), settings };
    for (const part of m[1].split(',')) {
        const [k, v] = part.split('=').map((x) => x.trim());
        if (k && v !== undefined)
            settings.set(k, v);
    }
    return { head: clause.slice(0, m.index).trimEnd(), settings };
}
export class ClusterDdl {
    database;
    on;
    cluster;
    path;
    replica;
    db;
    table;
    /** engine clause (ENGINE = ... to the end) and settings changed since, per table created so far */
    engines = new Map();
    constructor(database, o) {
        this.database = database;
        this.on = `ON CLUSTER ${sqlString(o.cluster)}`;
        this.path = o.replicaPath ?? DEFAULT_REPLICA_PATH;
        this.replica = o.replicaName ?? DEFAULT_REPLICA_NAME;
        this.db = ident(database);
        this.table = `${escapeRe(this.db)}\\.([A-Za-z_][A-Za-z0-9_]*)`;
        this.cluster = o.cluster;
    }
    /** The cluster form of one statement rendered for one node (one or more statements). */
    render(statement) {
        const s = statement.trim().replace(/non_replicated_deduplication_window/g, 'replicated_deduplication_window');
        const T = this.table;
        const match = (re) => new RegExp(re).exec(s)?.slice(1) ?? null;
        if (match(`^CREATE DATABASE IF NOT EXISTS ${escapeRe(this.db)}$`))
            return [`${s} ${this.on}`];
        const as = match(`^CREATE TABLE IF NOT EXISTS ${T} AS ${T}$`);
        if (as)
            return this.createAs(as[0], as[1]);
        const table = match(`^CREATE TABLE IF NOT EXISTS ${T}(\\s*\\([\\s\\S]*)$`);
        if (table)
            return this.createTable(table[0], table[1]);
        const view = match(`^CREATE MATERIALIZED VIEW IF NOT EXISTS ${T}( TO [\\s\\S]*)$`);
        if (view)
            return [`CREATE MATERIALIZED VIEW IF NOT EXISTS ${this.db}.${view[0]} ${this.on}${view[1]}`];
        const alter = match(`^ALTER TABLE ${T} ([\\s\\S]*)$`);
        if (alter)
            return this.alter(alter[0], alter[1]);
        const drop = match(`^DROP (TABLE|VIEW) IF EXISTS ${T}$`);
        if (drop) {
            const [kind, name] = drop;
            const one = (t) => `DROP ${kind} IF EXISTS ${this.db}.${t} ${this.on} SYNC`;
            return kind === 'TABLE' && READ_TABLES.includes(name) ? [one(distName(name)), one(name)] : [one(name)];
        }
        // data statements run on the node the collector talks to (replicated to its shard)
        if (/^(INSERT|SELECT)\b/.test(s))
            return [s];
        throw new Error(`no cluster form for this statement (teach store/cluster-ddl.ts): ${s.slice(0, 200)}`);
    }
    /** Every statement of a script, in order. */
    renderAll(statements) {
        return statements.flatMap((s) => this.render(s));
    }
    replicated(clause) {
        return clause.replace(MERGE_TREE, (_m, engine, args) => {
            const params = [sqlString(this.path), sqlString(this.replica)];
            if (args?.trim())
                params.push(args.trim());
            return `ENGINE = Replicated${engine}(${params.join(', ')})`;
        });
    }
    createTable(name, body) {
        const at = body.search(/\bENGINE\s*=/);
        if (at < 0)
            throw new Error(`CREATE TABLE ${name} without an ENGINE`);
        const columns = body.slice(0, at).trim();
        const clause = this.replicated(body.slice(at));
        if (!/^ENGINE = Replicated/.test(clause))
            throw new Error(`CREATE TABLE ${name}: engine is not of the MergeTree family: ${clause.slice(0, 80)}`);
        this.engines.set(name, { clause, settings: new Map() });
        return [`CREATE TABLE IF NOT EXISTS ${this.db}.${name} ${this.on}\n${columns}\n${clause}`, ...this.dist(name)];
    }
    /** `CREATE TABLE x AS y`: y's engine clause, with x's own replica path (the macros name x). */
    createAs(name, source) {
        const src = this.engines.get(source);
        if (!src)
            throw new Error(`CREATE TABLE ${name} AS ${source}: ${source} was not created before`);
        const { head, settings } = splitSettings(src.clause);
        for (const [k, v] of src.settings)
            settings.set(k, v);
        const tail = settings.size ? `\nSETTINGS ${[...settings].map(([k, v]) => `${k} = ${v}`).join(', ')}` : '';
        const clause = `${head}${tail}`;
        this.engines.set(name, { clause, settings: new Map() });
        return [
            `CREATE TABLE IF NOT EXISTS ${this.db}.${name} ${this.on} AS ${this.db}.${source}\n${clause}`,
            ...this.dist(name),
        ];
    }
    dist(name) {
        if (!READ_TABLES.includes(name))
            return [];
        const args = [sqlString(this.cluster), sqlString(this.database), sqlString(name)];
        const key = SHARDED_TABLES[name];
        if (key)
            args.push(key);
        return [
            `CREATE TABLE IF NOT EXISTS ${this.db}.${distName(name)} ${this.on} AS ${this.db}.${name}\nENGINE = Distributed(${args.join(', ')})`,
        ];
    }
    alter(name, rest) {
        const out = [`ALTER TABLE ${this.db}.${name} ${this.on} ${rest}`];
        const setting = /^MODIFY SETTING ([A-Za-z_]+) = (\S+)$/.exec(rest);
        if (setting)
            this.engines.get(name)?.settings.set(setting[1], setting[2]);
        // a Distributed table mirrors its local table's columns (codecs are the local table's business)
        if (READ_TABLES.includes(name) && /^(ADD|DROP|MODIFY|RENAME) COLUMN\b/.test(rest))
            out.push(`ALTER TABLE ${this.db}.${distName(name)} ${this.on} ${rest.replace(/\s*CODEC\((?:[^()]|\([^()]*\))*\)/g, '')}`);
        return out;
    }
}
//# sourceMappingURL=cluster-ddl.js.map
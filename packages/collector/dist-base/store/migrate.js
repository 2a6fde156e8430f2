import { readFileSync } from 'node:fs';
import { CollectorError } from '../errors.js';
import { ClusterDdl } from './cluster-ddl.js';
import { listSqlFiles, renderSql, splitStatements, sql, storeDir } from './sql.js';
const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.(up|down)\.sql$/;
/** Numbered migrations `NNNN_name.up.sql` (+ optional `.down.sql`) from `store/migrations/`. */
export function loadMigrations() {
    const dir = storeDir('migrations');
    const byVersion = new Map();
    for (const file of listSqlFiles('migrations')) {
        const m = FILE_RE.exec(file);
        if (!m)
            throw new CollectorError('STORE_MIGRATION', `bad migration file name ${file} (want NNNN_name.up.sql)`);
        const version = Number(m[1]);
        const text = readFileSync(`${dir}${file}`, 'utf8');
        const cur = byVersion.get(version) ?? { version, name: m[2], up: '', down: undefined };
        if (cur.name !== m[2])
            throw new CollectorError('STORE_MIGRATION', `two migrations numbered ${m[1]}`);
        if (m[3] === 'up')
            cur.up = text;
        else
            cur.down = text;
        byVersion.set(version, cur);
    }
    const list = [...byVersion.values()].sort((a, b) => a.version - b.version);
    for (const mig of list)
        if (!mig.up)
            throw new CollectorError('STORE_MIGRATION', `migration ${mig.version} has no .up.sql`);
    return list;
}
/**
 * Every migration's up statements, rendered for `database`, and for `cluster` when given. The
 * bookkeeping statements first (version 0: the database and `schema_migrations`). Rendered in
 * order from the first migration, whatever is applied already: a cluster statement may depend on
 * an earlier one (`CREATE TABLE x AS y` copies y's engine).
 */
export function renderMigrations(database, cluster) {
    const ddl = cluster ? new ClusterDdl(database, cluster) : null;
    const place = (stmts) => (ddl ? ddl.renderAll(stmts) : stmts);
    const boot = ['database_create', 'migrations_create'].flatMap((n) => splitStatements(sql(n, database)));
    return [
        { version: 0, name: 'bookkeeping', statements: place(boot) },
        ...loadMigrations().map((m) => ({
            version: m.version,
            name: m.name,
            statements: place(splitStatements(renderSql(m.up, database))),
        })),
    ];
}
/**
 * Creates the database and applies every migration not yet recorded in `schema_migrations`.
 * Idempotent: every DDL statement is `IF NOT EXISTS` (or otherwise repeatable), so two
 * collectors starting at once against one server do no harm. With `cluster`, the statements are
 * their cluster form (`ON CLUSTER`, Replicated engines, Distributed tables: cluster-ddl.ts).
 */
export async function migrate(client, database, log, cluster) {
    const [boot, ...migrations] = renderMigrations(database, cluster);
    try {
        for (const stmt of boot.statements)
            await client.command({ query: stmt });
    }
    catch (err) {
        throw new CollectorError('STORE_MIGRATION', `cannot create database ${database}: ${err.message}`, {
            cause: err,
        });
    }
    const done = new Set(await appliedVersions(client, database));
    const applied = [];
    for (const mig of migrations) {
        if (done.has(mig.version))
            continue;
        for (const stmt of mig.statements) {
            try {
                await client.command({ query: stmt });
            }
            catch (err) {
                throw new CollectorError('STORE_MIGRATION', `${String(mig.version).padStart(4, '0')}_${mig.name}: ${err.message}\n-- statement:\n${stmt.slice(0, 400)}`, { cause: err });
            }
        }
        await client.command({
            query: sql('migrations_record', database),
            query_params: { v: mig.version, n: mig.name },
        });
        applied.push(mig.version);
        log?.info({ version: mig.version, name: mig.name }, 'schema migration applied');
    }
    const all = [...done, ...applied];
    return { applied, current: all.length ? Math.max(...all) : 0 };
}
export async function appliedVersions(client, database) {
    const rs = await client.query({ query: sql('migrations_applied', database), format: 'JSONEachRow' });
    return (await rs.json()).map((r) => Number(r.Version));
}
/** Rolls back migrations above `toVersion` using their `.down.sql` (operator tool, not run at start). */
export async function migrateDown(client, database, toVersion, cluster) {
    const done = new Set(await appliedVersions(client, database));
    const rolled = [];
    const ddl = cluster ? new ClusterDdl(database, cluster) : null;
    for (const mig of loadMigrations().reverse()) {
        if (mig.version <= toVersion || !done.has(mig.version))
            continue;
        if (!mig.down)
            throw new CollectorError('STORE_MIGRATION', `migration ${mig.version} has no .down.sql`);
        const stmts = splitStatements(renderSql(mig.down, database));
        for (const stmt of ddl ? ddl.renderAll(stmts) : stmts)
            await client.command({ query: stmt });
        await client.command({ query: sql('migrations_forget', database), query_params: { v: mig.version } });
        rolled.push(mig.version);
    }
    return rolled;
}
//# sourceMappingURL=migrate.js.map
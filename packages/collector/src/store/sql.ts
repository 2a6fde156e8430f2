import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  apdexCountsSql,
  apdexFromLatencySql,
  END_MS_SQL,
  END_SECOND_SQL,
  FAILED_TRANSACTION_SQL,
  LATENCY_BUCKET_SQL,
} from '@podtrail/contracts/rules';
import { distName, isClustered, READ_TABLES } from './cluster-layout.js';

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
export function storeDir(sub: 'sql' | 'migrations'): string {
  const here = new URL(`./${sub}/`, import.meta.url);
  if (existsSync(here)) return fileURLToPath(here);
  const src = new URL(`../../src/store/${sub}/`, import.meta.url);
  if (existsSync(src)) return fileURLToPath(src);
  throw new Error(`SQL directory not found: ${fileURLToPath(here)}`);
}

/** Backquoted ClickHouse identifier (database names come from config, never from requests). */
export function ident(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

type SqlRule = string | ((...columns: string[]) => string);

/** The rules a `.sql` file may name as `{rule:NAME}` (or `{rule:NAME(columns...)}` for a function). */
export const SQL_RULES: Readonly<Record<string, SqlRule>> = {
  failed_transaction: FAILED_TRANSACTION_SQL,
  end_second: END_SECOND_SQL,
  end_ms: END_MS_SQL,
  latency_bucket: LATENCY_BUCKET_SQL,
  /** `sat`, `tol`, `fru` columns over (duration ns, threshold ns, failed flag) */
  apdex_counts: apdexCountsSql,
  /** `sat`, `tol`, `fru` columns: apdexFromLatency over (buckets, counts, errors arrays, threshold ms) */
  apdex_from_latency: apdexFromLatencySql,
};

/** The slots a statement leaves to the query builder. */
export const BUILDER_SLOTS = ['where', 'order_by'] as const;
export type BuilderSlot = (typeof BUILDER_SLOTS)[number];

const COLUMN_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function renderRule(name: string, args: string | undefined): string {
  const rule = SQL_RULES[name];
  if (rule === undefined) throw new Error(`unknown SQL rule {rule:${name}}`);
  if (typeof rule === 'string') {
    if (args !== undefined) throw new Error(`SQL rule {rule:${name}} takes no arguments`);
    return rule;
  }
  const cols = args === undefined ? [] : args.split(',').map((a) => a.trim());
  if (cols.length !== rule.length || !cols.every((c) => COLUMN_RE.test(c)))
    throw new Error(`SQL rule {rule:${name}} takes ${rule.length} column names, got (${args ?? ''})`);
  return rule(...cols);
}

function readPart(name: string): string {
  const file = `${storeDir('sql')}parts/${name}.sql`;
  if (!existsSync(file)) throw new Error(`unknown SQL part {part:${name}}`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .trim();
}

/** Parts may use parts (up to 3 levels). */
function expandParts(text: string): string {
  let out = text;
  for (let depth = 0; depth < 4 && out.includes('{part:'); depth++)
    out = out.replace(/\{part:([a-z0-9_]+)\}/g, (_m, name: string) => readPart(name));
  return out;
}

export function renderSql(text: string, database: string): string {
  return expandParts(text)
    .replaceAll('{db}', () => ident(database))
    .replace(/\{rule:([a-z_]+)(?:\(([^(){}]*)\))?\}/g, (_m, name: string, args: string | undefined) =>
      renderRule(name, args),
    );
}

const cache = new Map<string, string>();

/** On a cluster, reads go to the Distributed tables (`<db>.spans` -> `<db>.spans_dist`). */
function distributedReads(text: string, database: string): string {
  const db = ident(database).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(
    new RegExp(`${db}\\.(${READ_TABLES.join('|')})\\b`, 'g'),
    (_m, t: string) => `${ident(database)}.${distName(t)}`,
  );
}

/**
 * Loads `store/sql/<name>.sql`, rendered (builder slots left as they are); on a cluster
 * (cluster-layout.ts) reading the Distributed tables.
 */
export function sql(name: string, database: string): string {
  const clustered = isClustered(database);
  const key = `${database}\0${name}\0${clustered}`;
  let text = cache.get(key);
  if (text === undefined) {
    text = renderSql(readFileSync(`${storeDir('sql')}${name}.sql`, 'utf8'), database).trim();
    if (clustered) text = distributedReads(text, database);
    cache.set(key, text);
  }
  return text;
}

export function listSqlFiles(sub: 'sql' | 'migrations'): string[] {
  return readdirSync(storeDir(sub))
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

/**
 * Splits a script into statements on `;` outside quotes, backquotes and comments.
 * Comment-only fragments are dropped.
 */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let cur = '';
  let i = 0;
  let quote: string | null = null;
  while (i < script.length) {
    const c = script[i] as string;
    const n = script[i + 1];
    if (quote) {
      cur += c;
      if (c === '\\' && n !== undefined) {
        cur += n;
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i++;
      continue;
    }
    if (c === '-' && n === '-') {
      const end = script.indexOf('\n', i);
      i = end < 0 ? script.length : end;
      continue;
    }
    if (c === '/' && n === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end < 0 ? script.length : end + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    if (c === ';') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      i++;
      continue;
    }
    cur += c;
    i++;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

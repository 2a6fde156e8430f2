import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { END_SECOND_SQL, FAILED_TRANSACTION_SQL, LATENCY_BUCKET_SQL } from '@podtrail/contracts/rules';

/**
 * The one loader for SQL kept in `.sql` files (`store/sql/*.sql`, `store/migrations/*.sql`).
 * Templates: `{db}` becomes the escaped database identifier; `{rule:NAME}` one of the shared rules
 * of `@podtrail/contracts/rules` in its SQL form (below), so a view and a query cannot define a
 * failed transaction or a latency bucket differently. Values are never templated; they travel as
 * server-side parameters (`{name:Type}`).
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

/** Backquoted ClickHouse identifier. */
export function ident(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/** The rules a `.sql` file may name as `{rule:NAME}`. */
export const SQL_RULES: Readonly<Record<string, string>> = {
  failed_transaction: FAILED_TRANSACTION_SQL,
  end_second: END_SECOND_SQL,
  latency_bucket: LATENCY_BUCKET_SQL,
};

export function renderSql(text: string, database: string): string {
  return text.replaceAll('{db}', ident(database)).replace(/\{rule:([a-z_]+)\}/g, (_m, name: string) => {
    const rule = SQL_RULES[name];
    if (rule === undefined) throw new Error(`unknown SQL rule {rule:${name}}`);
    return rule;
  });
}

const cache = new Map<string, string>();

/** Loads `store/sql/<name>.sql` with `{db}` replaced. */
export function sql(name: string, database: string): string {
  const key = `${database}\0${name}`;
  let text = cache.get(key);
  if (text === undefined) {
    text = renderSql(readFileSync(`${storeDir('sql')}${name}.sql`, 'utf8'), database).trim();
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

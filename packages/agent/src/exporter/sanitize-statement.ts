// SQL text without its literal values, for the statement attribute of database client spans. The
// stock instrumentations store the text as the app wrote it (pg), or with the bound values formatted
// in (mysql2): a password, an e-mail address or a card number in a WHERE clause would otherwise be
// exported with every span.
import type { Attributes } from '@opentelemetry/api';
import { SEMCONV } from '@podtrail/contracts/semconv';

/**
 * How strings are quoted: PostgreSQL (standard strings, `E'..'` with backslash escapes, dollar
 * quotes, `"identifiers"`, nested block comments), MySQL/MariaDB (backslash escapes, `"strings"`,
 * `` `identifiers` ``, `#` comments), or generic ANSI SQL.
 */
export type SqlDialect = 'postgresql' | 'mysql' | 'generic';

export interface SanitizeOptions {
  dialect?: SqlDialect;
  /** longest result, in characters; a longer one is cut and ends with `…` */
  maxLength?: number;
}

export const DEFAULT_MAX_STATEMENT_LENGTH = 4096;

/** the pre-1.26 keys, still sent by older instrumentations */
const LEGACY_DB_SYSTEM = 'db.system';
const LEGACY_DB_STATEMENT = 'db.statement';
const STATEMENT_KEYS = [SEMCONV.dbQueryText, LEGACY_DB_STATEMENT];

/** `db.system.name` (and legacy `db.system`) values whose statements are SQL */
const SQL_SYSTEMS: ReadonlyMap<string, SqlDialect> = new Map<string, SqlDialect>([
  ['postgresql', 'postgresql'],
  ['cockroachdb', 'postgresql'],
  ['redshift', 'postgresql'],
  ['aws.redshift', 'postgresql'],
  ['mysql', 'mysql'],
  ['mariadb', 'mysql'],
  ['tidb', 'mysql'],
  ['mssql', 'generic'],
  ['microsoft.sql_server', 'generic'],
  ['oracle', 'generic'],
  ['oracle.db', 'generic'],
  ['db2', 'generic'],
  ['ibm.db2', 'generic'],
  ['sqlite', 'generic'],
  ['h2', 'generic'],
  ['h2database', 'generic'],
  ['hsqldb', 'generic'],
  ['derby', 'generic'],
  ['clickhouse', 'generic'],
  ['trino', 'generic'],
  ['spanner', 'generic'],
  ['gcp.spanner', 'generic'],
  ['other_sql', 'generic'],
]);

/**
 * Replaces the statement attribute of a span whose database system speaks SQL with its sanitized
 * form, in place. Other systems are left alone: the Redis instrumentation already writes the command
 * with its values masked, the MongoDB one a query shape with `?` values.
 */
export function sanitizeDbStatement(attributes: Attributes): void {
  const system = attributes[SEMCONV.dbSystemName] ?? attributes[LEGACY_DB_SYSTEM];
  if (typeof system !== 'string') return;
  const dialect = SQL_SYSTEMS.get(system);
  if (dialect === undefined) return;
  for (const key of STATEMENT_KEYS) {
    const text = attributes[key];
    if (typeof text === 'string') attributes[key] = sanitizeStatement(text, { dialect });
  }
}

/**
 * The statement with string, numeric, hex, bit and dollar-quoted literals replaced by `?`, lists of
 * them after `IN` (and in `ARRAY[...]`) collapsed to one `?`, and comments removed (they can hold
 * values too). Identifiers (quoted or not), keywords, operators, placeholders (`$1`, `?`, `:name`,
 * `@p1`) and the layout stay. A literal left open (cut text) is masked to the end: never leaks.
 */
export function sanitizeStatement(sql: string, opts: SanitizeOptions = {}): string {
  const dialect = opts.dialect ?? 'generic';
  const maxLength = Math.max(16, opts.maxLength ?? DEFAULT_MAX_STATEMENT_LENGTH);
  // Bounded work: masking only shortens the text, so a few times the result's limit is enough input.
  const end = Math.min(sql.length, maxLength * 4);
  const mysql = dialect === 'mysql';
  const postgres = dialect === 'postgresql';
  let out = '';
  let i = 0;
  /**
   * Where a comment was removed: the spaces around it become one, or none before a comma, semicolon
   * or closing parenthesis, or at a line's end; line breaks stay. Returns where to go on.
   */
  const gap = (next: number): number => {
    let k = out.length;
    while (k > 0 && isBlank(out.charCodeAt(k - 1))) k--;
    out = out.slice(0, k);
    let j = next;
    while (j < end && isBlank(sql.charCodeAt(j))) j++;
    const before = out.charCodeAt(out.length - 1);
    const after = sql.charCodeAt(j);
    if (out.length > 0 && j < end && !isSpace(before) && !isSpace(after) && !NO_SPACE_BEFORE.has(after)) out += ' ';
    return j;
  };
  while (i < end) {
    const c = sql.charCodeAt(i);
    const next = i + 1 < end ? sql.charCodeAt(i + 1) : -1;
    if ((c === DASH && next === DASH) || (c === HASH && mysql)) {
      i = gap(lineEnd(sql, i, end));
    } else if (c === SLASH && next === STAR) {
      i = gap(blockCommentEnd(sql, i, end, postgres));
    } else if (c === QUOTE) {
      i = quotedEnd(sql, i, end, QUOTE, mysql);
      out += '?';
    } else if (c === DQUOTE && mysql) {
      i = quotedEnd(sql, i, end, DQUOTE, true);
      out += '?';
    } else if (c === DQUOTE || c === BACKTICK) {
      const j = quotedEnd(sql, i, end, c, false);
      out += sql.slice(i, j);
      i = j;
    } else if (c === DOLLAR) {
      const j = dollarQuotedEnd(sql, i, end);
      if (j < 0) {
        // `$1` placeholder, or a lone `$`
        let k = i + 1;
        while (k < end && isDigit(sql.charCodeAt(k))) k++;
        out += sql.slice(i, k);
        i = k;
      } else {
        out += '?';
        i = j;
      }
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < end && isIdentPart(sql.charCodeAt(j))) j++;
      const prefixed = prefixedStringEnd(sql, i, j, end, mysql);
      if (prefixed > 0) {
        out += '?';
        i = prefixed;
      } else {
        out += sql.slice(i, j);
        i = j;
      }
    } else if (isDigit(c) || (c === DOT && isDigit(next))) {
      i = numberEnd(sql, i, end);
      out += '?';
    } else {
      out += sql[i];
      i++;
    }
  }
  out = out.replace(IN_LIST, '$1(?)').replace(ARRAY_LIST, '$1[?]').trim();
  if (out.length > maxLength || end < sql.length) out = `${out.slice(0, maxLength - 1).trimEnd()}…`;
  return out;
}

/** `IN (?, ?, ?)` -> `IN (?)` (the masked literals are `?` by now) */
const IN_LIST = /(\bIN\s*)\(\s*\?(?:\s*,\s*\?)+\s*\)/gi;
const ARRAY_LIST = /(\bARRAY\s*)\[\s*\?(?:\s*,\s*\?)+\s*\]/gi;

const DASH = 0x2d;
const HASH = 0x23;
const SLASH = 0x2f;
const STAR = 0x2a;
const QUOTE = 0x27;
const DQUOTE = 0x22;
const BACKTICK = 0x60;
const BACKSLASH = 0x5c;
const DOLLAR = 0x24;
const DOT = 0x2e;
const AMP = 0x26;

/** `,` `;` `)` */
const NO_SPACE_BEFORE = new Set([0x2c, 0x3b, 0x29]);

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isIdentStart = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c) || c === DOLLAR;
const isHexDigit = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** index of the line break ending a `--` or `#` comment (kept, it is layout) */
function lineEnd(s: string, i: number, end: number): number {
  const nl = s.indexOf('\n', i);
  return nl < 0 || nl > end ? end : nl;
}

/** index after `*\/`; PostgreSQL nests block comments */
function blockCommentEnd(s: string, i: number, end: number, nested: boolean): number {
  let depth = 1;
  let j = i + 2;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c === STAR && s.charCodeAt(j + 1) === SLASH && j + 1 < end) {
      j += 2;
      if (--depth === 0) return j;
    } else if (nested && c === SLASH && s.charCodeAt(j + 1) === STAR && j + 1 < end) {
      depth++;
      j += 2;
    } else j++;
  }
  return end;
}

/** index after the closing quote; a doubled quote is an escaped one, and so is `\x` with backslashes */
function quotedEnd(s: string, i: number, end: number, quote: number, backslashEscapes: boolean): number {
  let j = i + 1;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (backslashEscapes && c === BACKSLASH) j += 2;
    else if (c === quote) {
      if (j + 1 < end && s.charCodeAt(j + 1) === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return end;
}

/** index after a `$tag$ ... $tag$` string starting at i, or -1 when i does not open one */
function dollarQuotedEnd(s: string, i: number, end: number): number {
  let j = i + 1;
  if (j < end && isDigit(s.charCodeAt(j))) return -1;
  // the tag: identifier characters, no dollar sign
  while (j < end && s.charCodeAt(j) !== DOLLAR) {
    if (!isIdentStart(s.charCodeAt(j)) && !isDigit(s.charCodeAt(j))) return -1;
    j++;
  }
  if (j >= end) return -1;
  const tag = s.slice(i, j + 1);
  const close = s.indexOf(tag, j + 1);
  return close < 0 || close + tag.length > end ? end : close + tag.length;
}

/**
 * index after a string with a prefix (the word i..j is followed by a quote): `E'..'`, `B'..'`,
 * `X'..'`, `N'..'`, `U&'..'`, MySQL's `_utf8mb4'..'` charset introducers; 0 when it is not one
 */
function prefixedStringEnd(s: string, i: number, j: number, end: number, mysql: boolean): number {
  const word = s.slice(i, j).toLowerCase();
  if (j < end && s.charCodeAt(j) === QUOTE) {
    if (word === 'e') return quotedEnd(s, j, end, QUOTE, true);
    if (word === 'b' || word === 'x' || word === 'n') return quotedEnd(s, j, end, QUOTE, mysql);
    if (mysql && word.startsWith('_')) return quotedEnd(s, j, end, QUOTE, true);
  }
  if (word === 'u' && j + 1 < end && s.charCodeAt(j) === AMP && s.charCodeAt(j + 1) === QUOTE)
    return quotedEnd(s, j + 1, end, QUOTE, false);
  return 0;
}

/** index after a numeric literal: 42, 3.14, .5, 1e-3, 1_000, 0x1F, 0b101 */
function numberEnd(s: string, i: number, end: number): number {
  let j = i;
  const second = s.charCodeAt(i + 1) | 0x20;
  if (s.charCodeAt(i) === 0x30 && (second === 0x78 || second === 0x62 || second === 0x6f) && i + 2 < end) {
    j = i + 2;
    while (j < end && (isHexDigit(s.charCodeAt(j)) || s.charCodeAt(j) === 0x5f)) j++;
    return j;
  }
  while (j < end && (isDigit(s.charCodeAt(j)) || s.charCodeAt(j) === 0x5f)) j++;
  if (j < end && s.charCodeAt(j) === DOT) {
    j++;
    while (j < end && isDigit(s.charCodeAt(j))) j++;
  }
  const e = s.charCodeAt(j) | 0x20;
  if (j < end && e === 0x65) {
    let k = j + 1;
    const sign = s.charCodeAt(k);
    if (sign === 0x2b || sign === DASH) k++;
    if (k < end && isDigit(s.charCodeAt(k))) {
      while (k < end && isDigit(s.charCodeAt(k))) k++;
      j = k;
    }
  }
  return j;
}

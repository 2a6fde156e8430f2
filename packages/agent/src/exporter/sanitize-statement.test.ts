import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { type SqlDialect, sanitizeDbStatement, sanitizeStatement } from './sanitize-statement.js';

const cases: [name: string, dialect: SqlDialect, input: string, expected: string][] = [
  // literals
  ['string literal', 'generic', "SELECT * FROM users WHERE email = 'a@b.com'", 'SELECT * FROM users WHERE email = ?'],
  ['integer', 'generic', 'SELECT * FROM t WHERE id = 42', 'SELECT * FROM t WHERE id = ?'],
  ['decimal and exponent', 'generic', 'SELECT 3.14, .5, 1e10, 2.5E-3, 7.', 'SELECT ?, ?, ?, ?, ?'],
  [
    'negative number keeps its operator',
    'generic',
    'UPDATE a SET b = -12 WHERE c > -0.5',
    'UPDATE a SET b = -? WHERE c > -?',
  ],
  ['hex number', 'mysql', 'SELECT 0x1F, 0XAB', 'SELECT ?, ?'],
  ['digit separators', 'postgresql', 'SELECT 1_000_000', 'SELECT ?'],
  ['empty string', 'generic', "INSERT INTO t (a) VALUES ('')", 'INSERT INTO t (a) VALUES (?)'],
  [
    'INSERT with literal values',
    'postgresql',
    "INSERT INTO items (id, name, price) VALUES (1001, 'secret-name', 9.99)",
    'INSERT INTO items (id, name, price) VALUES (?, ?, ?)',
  ],
  [
    'booleans and NULL are keywords',
    'generic',
    'SELECT * FROM t WHERE a IS NULL AND b = TRUE',
    'SELECT * FROM t WHERE a IS NULL AND b = TRUE',
  ],
  // identifiers stay
  ['identifiers with digits', 'generic', 'SELECT t1.col2 FROM table3 t1', 'SELECT t1.col2 FROM table3 t1'],
  ['identifier with a dollar sign', 'postgresql', 'SELECT a$b FROM t', 'SELECT a$b FROM t'],
  [
    'double-quoted identifier (PostgreSQL)',
    'postgresql',
    'SELECT "User Name", "x""y" FROM "Order 66" WHERE "id" = 5',
    'SELECT "User Name", "x""y" FROM "Order 66" WHERE "id" = ?',
  ],
  [
    'backtick identifier (MySQL)',
    'mysql',
    "SELECT `order` FROM `t 1` WHERE `a` = 'x'",
    'SELECT `order` FROM `t 1` WHERE `a` = ?',
  ],
  [
    'non-ASCII identifier',
    'generic',
    "SELECT prénom FROM élèves WHERE nom = 'Zoë'",
    'SELECT prénom FROM élèves WHERE nom = ?',
  ],
  ['type cast', 'postgresql', "SELECT '5'::int4, x::text FROM t", 'SELECT ?::int4, x::text FROM t'],
  // placeholders stay
  [
    'PostgreSQL placeholders',
    'postgresql',
    'SELECT * FROM t WHERE a = $1 AND b = $12',
    'SELECT * FROM t WHERE a = $1 AND b = $12',
  ],
  [
    'question-mark placeholders',
    'mysql',
    'SELECT * FROM t WHERE a = ? AND b = ?',
    'SELECT * FROM t WHERE a = ? AND b = ?',
  ],
  [
    'named placeholders',
    'generic',
    'SELECT * FROM t WHERE a = :name AND b = @p1',
    'SELECT * FROM t WHERE a = :name AND b = @p1',
  ],
  // escaped quotes
  ['doubled single quote', 'generic', "SELECT 'it''s secret', 'b' FROM t", 'SELECT ?, ? FROM t'],
  [
    'backslash-escaped quote (MySQL)',
    'mysql',
    "SELECT 'it\\'s secret' FROM t WHERE b = 'x'",
    'SELECT ? FROM t WHERE b = ?',
  ],
  ['backslash at the end (MySQL)', 'mysql', "SELECT 'C:\\\\', 'secret'", 'SELECT ?, ?'],
  ['standard string: backslash is a character (PostgreSQL)', 'postgresql', "SELECT 'C:\\', 'secret'", 'SELECT ?, ?'],
  ['E string: backslash escapes (PostgreSQL)', 'postgresql', "SELECT E'it\\'s secret', 'b'", 'SELECT ?, ?'],
  [
    'double-quoted string (MySQL)',
    'mysql',
    'SELECT * FROM t WHERE name = "o\\"brien" AND x = "y"',
    'SELECT * FROM t WHERE name = ? AND x = ?',
  ],
  // prefixed strings
  ['bit, hex and national strings', 'generic', "SELECT B'1010', X'FF', N'naïve', x'00'", 'SELECT ?, ?, ?, ?'],
  ['unicode escape string (PostgreSQL)', 'postgresql', "SELECT U&'d\\0061t\\+000061'", 'SELECT ?'],
  [
    'charset introducer (MySQL)',
    'mysql',
    "SELECT _utf8mb4'secret' COLLATE utf8mb4_bin",
    'SELECT ? COLLATE utf8mb4_bin',
  ],
  ['prefix letters as identifiers', 'generic', 'SELECT e, b, x, n FROM t', 'SELECT e, b, x, n FROM t'],
  // dollar quotes
  ['dollar-quoted string', 'postgresql', "SELECT $$it's a secret$$, 1", 'SELECT ?, ?'],
  [
    'tagged dollar quote containing $$',
    'postgresql',
    "DO $fn$ BEGIN PERFORM $$x$$; RAISE NOTICE 'secret'; END $fn$",
    'DO ?',
  ],
  ['dollar placeholder next to a dollar quote', 'postgresql', 'SELECT $1, $a$secret$a$', 'SELECT $1, ?'],
  // comments
  ['line comment', 'generic', "SELECT a -- user 'bob' id 42\nFROM t", 'SELECT a\nFROM t'],
  [
    'block comment',
    'generic',
    "SELECT /* secret 42 */ a FROM t WHERE b = 'x' /* trailing */",
    'SELECT a FROM t WHERE b = ?',
  ],
  ['block comment between tokens', 'generic', 'SELECT a/* c */FROM t', 'SELECT a FROM t'],
  ['nested block comment (PostgreSQL)', 'postgresql', 'SELECT /* a /* b */ secret */ 1', 'SELECT ?'],
  ['hash comment (MySQL)', 'mysql', "SELECT a # password 'x'\nFROM t", 'SELECT a\nFROM t'],
  ['hash is an operator outside MySQL', 'postgresql', 'SELECT 5 # 3', 'SELECT ? # ?'],
  ['quote inside a comment', 'generic', "SELECT 1 /* it's */, 'secret'", 'SELECT ?, ?'],
  ['comment marker inside a string', 'generic', "SELECT '-- not a comment', a FROM t", 'SELECT ?, a FROM t'],
  ['sqlcommenter comment', 'generic', "SELECT 1 /*traceparent='00-abc-def-01'*/", 'SELECT ?'],
  // lists
  [
    'IN list of literals',
    'generic',
    "SELECT * FROM t WHERE id IN (1, 2, 3) AND s in ('a','b')",
    'SELECT * FROM t WHERE id IN (?) AND s in (?)',
  ],
  ['NOT IN list', 'mysql', 'SELECT * FROM t WHERE id NOT IN (4,5,6)', 'SELECT * FROM t WHERE id NOT IN (?)'],
  [
    'IN list of placeholders (PostgreSQL) stays',
    'postgresql',
    'SELECT * FROM t WHERE id IN ($1, $2)',
    'SELECT * FROM t WHERE id IN ($1, $2)',
  ],
  [
    'IN subquery stays',
    'generic',
    'SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = 1)',
    'SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = ?)',
  ],
  [
    'ARRAY literal list',
    'postgresql',
    'SELECT * FROM t WHERE id = ANY(ARRAY[1, 2, 3])',
    'SELECT * FROM t WHERE id = ANY(ARRAY[?])',
  ],
  [
    'JOIN is not IN',
    'generic',
    'SELECT * FROM a JOIN (SELECT 1, 2) b ON true',
    'SELECT * FROM a JOIN (SELECT ?, ?) b ON true',
  ],
  // unterminated: masked to the end
  ['unterminated string', 'generic', "SELECT * FROM t WHERE a = 'secret", 'SELECT * FROM t WHERE a = ?'],
  ['unterminated block comment', 'generic', 'SELECT 1 /* secret', 'SELECT ?'],
  ['unterminated dollar quote', 'postgresql', 'SELECT $x$ secret', 'SELECT ?'],
  // layout
  [
    'multi-line statement keeps its layout',
    'postgresql',
    "SELECT id,\n       name\n  FROM users\n WHERE email = 'a@b.com'\n   AND age > 21",
    'SELECT id,\n       name\n  FROM users\n WHERE email = ?\n   AND age > ?',
  ],
  ['surrounding whitespace trimmed', 'generic', '  /* lead */ SELECT 1  \n', 'SELECT ?'],
];

describe('sanitizeStatement', () => {
  it.each(cases)('%s (%s)', (_name, dialect, input, expected) => {
    expect(sanitizeStatement(input, { dialect })).toBe(expected);
  });

  it('keeps no literal value of the table in its output', () => {
    for (const [, dialect, input, expected] of cases) {
      const out = sanitizeStatement(input, { dialect });
      expect(out).toBe(expected);
      for (const secret of ['secret', 'a@b.com', 'bob', 'Zoë', 'naïve', 'brien'])
        if (input.includes(secret)) expect(out).not.toContain(secret);
    }
  });

  it('is the identity on a statement without literals', () => {
    const sql = 'SELECT a.id, b.name FROM a LEFT JOIN b ON b.a_id = a.id WHERE a.x = $1 ORDER BY b.name DESC';
    expect(sanitizeStatement(sql, { dialect: 'postgresql' })).toBe(sql);
  });

  it('bounds the result: long text is cut and marked, a literal cut open is masked', () => {
    const long = `SELECT ${Array.from({ length: 2000 }, (_, i) => `col${i}`).join(', ')} FROM t`;
    const out = sanitizeStatement(long, { maxLength: 100 });
    expect(out).toHaveLength(100);
    expect(out.endsWith('…')).toBe(true);
    expect(out.startsWith('SELECT col0, col1, col2')).toBe(true);

    // Work is bounded by the limit, not by the input: the input is scanned only up to 4 x 64
    // characters, so this string is still open where scanning stops (a full scan would have found its
    // end and kept ` FROM t`), and it is masked.
    const cutInString = `SELECT 'x', '${'secret '.repeat(10_000)}' FROM t`;
    expect(sanitizeStatement(cutInString, { maxLength: 64 })).toBe('SELECT ?, ?…');
    expect(sanitizeStatement(`SELECT '${'s'.repeat(200)}' FROM t`, { maxLength: 64 })).toBe('SELECT ? FROM t');
  });

  it('a long VALUES list of literals fits in the limit', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `(${i}, 'user${i}@example.com')`).join(', ');
    const out = sanitizeStatement(`INSERT INTO u (id, email) VALUES ${rows}`, { maxLength: 200 });
    expect(out.startsWith('INSERT INTO u (id, email) VALUES (?, ?), (?, ?)')).toBe(true);
    expect(out).toHaveLength(200);
    expect(out).not.toMatch(/example|\d/);
  });
});

describe('sanitizeDbStatement', () => {
  it('sanitizes db.query.text of SQL systems (stable keys)', () => {
    const a: Attributes = {
      'db.system.name': 'postgresql',
      'db.query.text': "SELECT * FROM t WHERE a = 'secret'",
      'db.namespace': 'app',
    };
    sanitizeDbStatement(a);
    expect(a).toEqual({
      'db.system.name': 'postgresql',
      'db.query.text': 'SELECT * FROM t WHERE a = ?',
      'db.namespace': 'app',
    });
  });

  it('sanitizes db.statement of SQL systems (legacy keys), with the dialect of the system', () => {
    const a: Attributes = { 'db.system': 'mysql', 'db.statement': 'SELECT "secret", `col` FROM t' };
    sanitizeDbStatement(a);
    expect(a).toEqual({ 'db.system': 'mysql', 'db.statement': 'SELECT ?, `col` FROM t' });
    const b: Attributes = { 'db.system': 'mariadb', 'db.statement': "SELECT 'it\\'s' FROM t WHERE a = 'secret'" };
    sanitizeDbStatement(b);
    expect(b['db.statement']).toBe('SELECT ? FROM t WHERE a = ?');
  });

  it('leaves non-SQL systems and spans without a system alone', () => {
    const redis: Attributes = { 'db.system.name': 'redis', 'db.query.text': 'set key:1 [1 other arguments]' };
    const mongo: Attributes = { 'db.system': 'mongodb', 'db.statement': '{"name":"?"}' };
    const http: Attributes = { 'http.request.method': 'GET', 'db.query.text': "SELECT 'x'" };
    sanitizeDbStatement(redis);
    sanitizeDbStatement(mongo);
    sanitizeDbStatement(http);
    expect(redis).toEqual({ 'db.system.name': 'redis', 'db.query.text': 'set key:1 [1 other arguments]' });
    expect(mongo).toEqual({ 'db.system': 'mongodb', 'db.statement': '{"name":"?"}' });
    expect(http).toEqual({ 'http.request.method': 'GET', 'db.query.text': "SELECT 'x'" });
  });

  it('ignores a statement that is not a string', () => {
    const a: Attributes = { 'db.system.name': 'postgresql', 'db.query.text': 42 };
    sanitizeDbStatement(a);
    expect(a).toEqual({ 'db.system.name': 'postgresql', 'db.query.text': 42 });
  });
});

import { describe, expect, it } from 'vitest';
import { loadMigrations } from './migrate.js';
import { ident, renderSql, splitStatements, sql } from './sql.js';

describe('SQL loader', () => {
  it('splits scripts on ; outside quotes and comments', () => {
    expect(splitStatements("-- c;\nSELECT ';' ; SELECT `a;b`; /* x; */ SELECT 1;\n-- end")).toEqual([
      "SELECT ';'",
      'SELECT `a;b`',
      'SELECT 1',
    ]);
  });

  it('replaces only {db} with the escaped identifier', () => {
    expect(renderSql('SELECT {x:String} FROM {db}.t', 'pod`trail')).toBe('SELECT {x:String} FROM `pod\\`trail`.t');
    expect(ident('a')).toBe('`a`');
    expect(sql('lifecycle_pod', 'podtrail')).toContain('FROM `podtrail`.pods FINAL');
  });

  it('finds numbered migrations with their statements', () => {
    const migs = loadMigrations();
    expect(migs.map((m) => m.version)).toEqual([...migs.map((m) => m.version)].sort((a, b) => a - b));
    expect(migs[0]?.version).toBe(1);
    for (const m of migs) expect(splitStatements(m.up).length).toBeGreaterThan(0);
  });
});

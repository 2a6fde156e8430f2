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

  it('renders {rule:NAME} with the shared rules and refuses an unknown one', () => {
    const mv = renderSql(loadMigrations()[0]?.up ?? '', 'podtrail');
    expect(mv).toContain('toDateTime(toStartOfSecond(Timestamp + toIntervalNanosecond(DurationNs))) AS Ts,');
    expect(mv).toContain(
      'toUInt8(least(255, greatest(0, floor(4 * log2(greatest(DurationNs, 1000) / 1000))))) AS LatencyBucket,',
    );
    expect(mv).toContain("countIf((StatusCode = 'Error' OR HttpStatusCode >= 500)) AS Errors,");
    expect(mv).not.toContain('{rule:');
    expect(() => renderSql('SELECT {rule:nope}', 'db')).toThrow('unknown SQL rule {rule:nope}');
  });

  it('finds numbered migrations with their statements', () => {
    const migs = loadMigrations();
    expect(migs.map((m) => m.version)).toEqual([...migs.map((m) => m.version)].sort((a, b) => a - b));
    expect(migs[0]?.version).toBe(1);
    for (const m of migs) expect(splitStatements(m.up).length).toBeGreaterThan(0);
  });
});

import { apdexCountsSql, END_MS_SQL, FAILED_TRANSACTION_SQL } from '@podtrail/contracts/rules';
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
    expect(sql('lifecycle_pods_by_keys', 'podtrail')).toContain('FROM `podtrail`.pods FINAL');
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

  it('renders {rule:NAME(columns)} for function rules and refuses wrong arguments', () => {
    expect(renderSql('SELECT {rule:apdex_counts(DurationNs, t, err)}', 'db')).toBe(
      `SELECT ${apdexCountsSql('DurationNs', 't', 'err')}`,
    );
    expect(() => renderSql('SELECT {rule:apdex_counts(DurationNs, t)}', 'db')).toThrow(
      'SQL rule {rule:apdex_counts} takes 3 column names, got (DurationNs, t)',
    );
    expect(() => renderSql('SELECT {rule:apdex_counts(a, b, c + 1)}', 'db')).toThrow('takes 3 column names');
    expect(() => renderSql('SELECT {rule:end_second(Ts)}', 'db')).toThrow(
      'SQL rule {rule:end_second} takes no arguments',
    );
  });

  it('inlines {part:NAME} without its comment lines, with its rules rendered', () => {
    const text = renderSql('SELECT {part:tx_columns} FROM {db}.spans', 'podtrail');
    expect(text).not.toContain('--');
    expect(text).toContain(`${END_MS_SQL} AS endMs`);
    expect(text).toContain(`${FAILED_TRANSACTION_SQL} AS err`);
    expect(text.startsWith('SELECT lower(hex(TraceId)) AS traceId,')).toBe(true);
    expect(text.endsWith('InstanceId AS inst FROM `podtrail`.spans')).toBe(true);
    expect(() => renderSql('SELECT {part:nope}', 'db')).toThrow('unknown SQL part {part:nope}');
  });

  it('leaves the builder slots {where} and {order_by} to the query builder', () => {
    const text = sql('transactions_list', 'podtrail');
    expect(text).toContain('AND {where}\nORDER BY {order_by}\nLIMIT {limit:UInt32} OFFSET {offset:UInt32}');
    expect(text).toContain('FROM `podtrail`.spans');
  });

  it('finds numbered migrations with their statements', () => {
    const migs = loadMigrations();
    expect(migs.map((m) => m.version)).toEqual([...migs.map((m) => m.version)].sort((a, b) => a - b));
    expect(migs[0]?.version).toBe(1);
    for (const m of migs) expect(splitStatements(m.up).length).toBeGreaterThan(0);
  });
});

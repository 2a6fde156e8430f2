import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { LogsQuery, SEVERITY_LEVELS, severityLevelOf, severityNumberFromText, severityNumberOf } from './logs.js';

describe('severity levels', () => {
  it('map to the lowest OTLP SeverityNumber of their range and back', () => {
    expect(SEVERITY_LEVELS.map(severityNumberOf)).toEqual([1, 5, 9, 13, 17, 21]);
    expect([0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 1.5].map(severityLevelOf)).toEqual([
      null,
      'trace',
      'trace',
      'debug',
      'debug',
      'info',
      'info',
      'warn',
      'warn',
      'error',
      'error',
      'fatal',
      'fatal',
      null,
      null,
    ]);
  });
  it('read common severity texts', () => {
    expect(
      ['TRACE', 'debug', 'Info', 'WARNING', 'warn', 'ERROR', 'err', 'FATAL', 'critical', 'panic'].map(
        severityNumberFromText,
      ),
    ).toEqual([1, 5, 9, 13, 13, 17, 17, 21, 21, 21]);
    expect(severityNumberFromText('')).toBe(0);
    expect(severityNumberFromText('loud')).toBe(0);
  });
});

describe('LogsQuery', () => {
  it('bounds limit, severity, q and cursor', () => {
    expect(Value.Check(LogsQuery, { limit: 1000, severity: 'warn', q: "100% '_\\", cursor: 'MTIz' })).toBe(true);
    expect(Value.Check(LogsQuery, { limit: 0 })).toBe(false);
    expect(Value.Check(LogsQuery, { limit: 1001 })).toBe(false);
    expect(Value.Check(LogsQuery, { severity: 'loud' })).toBe(false);
    expect(Value.Check(LogsQuery, { q: 'x'.repeat(257) })).toBe(false);
    expect(Value.Check(LogsQuery, { q: 'a\nb' })).toBe(false);
    expect(Value.Check(LogsQuery, { cursor: 'a.b' })).toBe(false);
  });
});

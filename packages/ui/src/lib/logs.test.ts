import type { LogRecord } from '@podtrail/contracts/api';
import { describe, expect, it } from 'vitest';
import { lineKeys, logsBySpan, newerLines, podLogsWindow, severityClass, tailFromMs } from './logs.js';

const T0 = 1_700_000_000_000;
const line = (atMs: number, body: string, extra: Partial<LogRecord> = {}): LogRecord => ({
  ts: new Date(atMs).toISOString(),
  severity: 'INFO',
  severityNumber: 9,
  body,
  serviceName: 's',
  namespace: 'ns',
  workload: 'w',
  podName: 'p',
  instanceId: 'i',
  attributes: {},
  ...extra,
});

describe('newerLines', () => {
  it('keeps only what is not shown, newest first as the tail answered', () => {
    const shown = [line(T0 + 2, 'b'), line(T0 + 1, 'a')];
    const tail = [line(T0 + 4, 'd'), line(T0 + 3, 'c'), line(T0 + 2, 'b')];
    expect(newerLines(shown, tail).map((l) => l.body)).toEqual(['d', 'c']);
  });
  it('matches the newest millisecond as a multiset: a repeated identical line stays', () => {
    const shown = [line(T0 + 2, 'x'), line(T0 + 1, 'a')];
    const tail = [line(T0 + 2, 'x'), line(T0 + 2, 'x'), line(T0 + 2, 'y')];
    expect(newerLines(shown, tail).map((l) => l.body)).toEqual(['x', 'y']);
  });
  it('ignores lines older than the newest shown, and takes everything when nothing is shown', () => {
    expect(newerLines([line(T0 + 5, 'n')], [line(T0 + 4, 'old')])).toEqual([]);
    expect(newerLines([], [line(T0, 'a'), line(T0, 'a')]).map((l) => l.body)).toEqual(['a', 'a']);
  });
});

describe('tailFromMs / lineKeys / severityClass', () => {
  it('tails from the newest shown millisecond', () => {
    expect(tailFromMs([line(T0 + 7, 'n'), line(T0, 'o')], 1)).toBe(T0 + 7);
    expect(tailFromMs([], 42)).toBe(42);
  });
  it('numbers repeated content', () => {
    const keys = lineKeys([line(T0, 'a'), line(T0, 'a'), line(T0, 'b')]);
    expect(new Set(keys).size).toBe(3);
    expect(keys[1]).toBe(`${keys[0]}\u00001`);
  });
  it('maps severity numbers to levels', () => {
    expect([0, 1, 5, 9, 13, 17, 21, 24, 25].map(severityClass)).toEqual([
      'sev-none',
      'sev-trace',
      'sev-debug',
      'sev-info',
      'sev-warn',
      'sev-error',
      'sev-fatal',
      'sev-fatal',
      'sev-none',
    ]);
  });
});

describe('logsBySpan', () => {
  it('puts lines under their span, the rest at the end, order kept', () => {
    const logs = [
      line(T0, 'root 1', { spanId: 'r' }),
      line(T0 + 1, 'no span', { traceId: 't' }),
      line(T0 + 2, 'child', { spanId: 'c' }),
      line(T0 + 3, 'unknown span', { spanId: 'zz' }),
      line(T0 + 4, 'root 2', { spanId: 'r' }),
    ];
    const { bySpan, orphans } = logsBySpan(['r', 'c'], logs);
    expect(bySpan.get('r')!.map((l) => l.body)).toEqual(['root 1', 'root 2']);
    expect(bySpan.get('c')!.map((l) => l.body)).toEqual(['child']);
    expect(orphans.map((l) => l.body)).toEqual(['no span', 'unknown span']);
  });
});

describe('podLogsWindow', () => {
  it('covers the lifetime: a minute before, five after an end, open-ended while running', () => {
    expect(podLogsWindow(T0, T0 + 3_600_000, T0 + 7_200_000)).toEqual({
      from: T0 - 60_000,
      to: T0 + 3_600_000 + 300_000,
    });
    expect(podLogsWindow(T0, null, T0 + 1000)).toEqual({ from: T0 - 60_000, to: undefined });
  });
  it('reaches at most 30 days back', () => {
    const now = T0 + 90 * 86_400_000;
    expect(podLogsWindow(T0, null, now)).toEqual({ from: now - 30 * 86_400_000, to: undefined });
  });
});

import { describe, expect, it } from 'vitest';
import type { SpanRow } from '../api/types.js';
import { dbStatement, spanTimeKind, transactionBreakdown } from './trace-breakdown.js';

const T0 = 1_700_000_000_000;
let n = 0;
const span = (
  parentSpanId: string,
  offsetMs: number,
  durationMs: number,
  kind: string,
  attributes: Record<string, string> = {},
  spanId = `s${++n}`,
): SpanRow => ({
  traceId: 't',
  spanId,
  parentSpanId,
  name: spanId,
  kind,
  isTransaction: kind === 'Server',
  startTime: new Date(T0 + offsetMs).toISOString(),
  startTimeUnixNano: `${BigInt(T0) * 1_000_000n + BigInt(Math.round(offsetMs * 1e6))}`,
  durationMs,
  serviceName: 'a',
  namespace: 'default',
  workload: 'w',
  podName: 'p',
  instanceId: 'i',
  statusCode: 'Unset',
  statusMessage: '',
  httpMethod: '',
  httpRoute: '',
  httpStatusCode: 0,
  attributes,
  resourceAttributes: {},
  events: [],
});
const PG = { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT 1' };
const HTTP = { 'http.request.method': 'GET', 'url.full': 'http://b/x' };

describe('transactionBreakdown', () => {
  it('counts overlapping database calls once and the rest as own code', () => {
    const spans = [
      span('', 0, 100, 'Server', {}, 'tx'),
      span('tx', 10, 30, 'Client', PG), // 10..40
      span('tx', 20, 40, 'Client', PG), // 20..60, overlaps: union 10..60 = 50
      span('tx', 70, 10, 'Client', PG), // 70..80
    ];
    expect(transactionBreakdown(spans, 'tx')).toEqual({ totalMs: 100, ms: { db: 60, http: 0, other: 0, own: 40 } });
  });

  it('gives time where a query and an http call overlap to the database, the rest of the call to http out', () => {
    const spans = [
      span('', 0, 200, 'Server', {}, 'tx'),
      span('tx', 0, 100, 'Client', HTTP), // 0..100
      span('tx', 50, 100, 'Client', PG), // 50..150
      span('tx', 160, 20, 'Producer', { 'messaging.system': 'kafka' }), // 160..180
    ];
    expect(transactionBreakdown(spans, 'tx').ms).toEqual({ db: 100, http: 50, other: 20, own: 30 });
  });

  it('finds calls under internal spans, stops at downstream transactions, clips calls to the transaction', () => {
    const spans = [
      span('', 0, 100, 'Server', {}, 'tx'),
      span('tx', 5, 50, 'Internal', {}, 'mw'),
      span('mw', 10, 20, 'Client', PG), // 10..30 under a middleware span
      span('tx', 40, 40, 'Client', HTTP, 'out'), // 40..80
      span('out', 45, 30, 'Server', {}, 'down'), // the downstream service's transaction
      span('down', 50, 20, 'Client', PG), // its query: inside our http out call, not our database time
      span('tx', 90, 30, 'Client', PG), // 90..120, ends after the transaction: 90..100 counted
    ];
    const b = transactionBreakdown(spans, 'tx');
    expect(b).toEqual({ totalMs: 100, ms: { db: 30, http: 40, other: 0, own: 30 } });
    expect(transactionBreakdown(spans, 'down')).toEqual({ totalMs: 30, ms: { db: 20, http: 0, other: 0, own: 10 } });
  });

  it('is all own code without calls, and empty for an unknown span', () => {
    const spans = [span('', 0, 12.5, 'Server', {}, 'tx')];
    expect(transactionBreakdown(spans, 'tx')).toEqual({ totalMs: 12.5, ms: { db: 0, http: 0, other: 0, own: 12.5 } });
    expect(transactionBreakdown(spans, 'nope')).toEqual({ totalMs: 0, ms: { db: 0, http: 0, other: 0, own: 0 } });
  });
});

describe('spanTimeKind and dbStatement', () => {
  it('classifies by database attributes first, then client kind', () => {
    expect(spanTimeKind(span('x', 0, 1, 'Client', PG))).toBe('db');
    expect(spanTimeKind(span('x', 0, 1, 'Client', { 'db.system': 'redis' }))).toBe('db');
    expect(spanTimeKind(span('x', 0, 1, 'Client', HTTP))).toBe('http');
    expect(spanTimeKind(span('x', 0, 1, 'Client', {}))).toBe('other');
    expect(spanTimeKind(span('x', 0, 1, 'Internal', {}))).toBeUndefined();
  });
  it('reads the statement from db.query.text, else db.statement', () => {
    expect(dbStatement(span('x', 0, 1, 'Client', PG))).toBe('SELECT 1');
    expect(dbStatement(span('x', 0, 1, 'Client', { 'db.statement': 'SELECT ?' }))).toBe('SELECT ?');
    expect(dbStatement(span('x', 0, 1, 'Client', HTTP))).toBeUndefined();
  });
});

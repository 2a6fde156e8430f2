import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { decodeCursor, encodeCursor, nextCursorOf, toLogRecord } from './logs.js';

const row = (tsNs: string, k: string) => ({ tsNs, k });

describe('log cursor', () => {
  it('round-trips and rejects anything it did not make', () => {
    const c = { tsNs: '1733475600000000001', key: '18446744073709551615', skip: 3 };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    for (const raw of ['', 'abc', Buffer.from('1.2').toString('base64url'), Buffer.from('1.2.x').toString('base64url')])
      expect(() => decodeCursor(raw)).toThrow(ApiError);
    // out of range for Int64 / UInt64
    expect(() => decodeCursor(Buffer.from('9223372036854775808.1.0').toString('base64url'))).toThrow(ApiError);
    expect(() => decodeCursor(Buffer.from('1.18446744073709551616.0').toString('base64url'))).toThrow(ApiError);
    // a non-canonical encoding of a valid text (padding) is refused too
    expect(() => decodeCursor(`${encodeCursor(c)}=`)).toThrow(ApiError);
  });

  it('counts the records answered at the last position', () => {
    expect(nextCursorOf([row('3', '9'), row('2', '5'), row('2', '5')], undefined)).toEqual({
      tsNs: '2',
      key: '5',
      skip: 2,
    });
    expect(nextCursorOf([row('3', '9'), row('2', '7')], undefined)).toEqual({ tsNs: '2', key: '7', skip: 1 });
  });

  it('carries the skip over a page that stays at the previous position', () => {
    const prev = { tsNs: '2', key: '5', skip: 2 };
    expect(nextCursorOf([row('2', '5'), row('2', '5')], prev)).toEqual({ tsNs: '2', key: '5', skip: 4 });
    expect(nextCursorOf([row('2', '5'), row('2', '4')], prev)).toEqual({ tsNs: '2', key: '4', skip: 1 });
  });
});

describe('toLogRecord', () => {
  const base = {
    tsNs: '1733475600123456789',
    k: '1',
    sevNum: 13,
    sevText: '',
    body: 'b',
    s: 'svc',
    ns: 'ns',
    w: 'w',
    p: 'p',
    inst: 'i',
    traceId: '0'.repeat(32),
    spanId: '0'.repeat(16),
    attrs: { a: '1' },
  };
  it('names the level when the text is empty and drops zero ids', () => {
    expect(toLogRecord(base)).toEqual({
      ts: '2024-12-06T09:00:00.123Z',
      severity: 'WARN',
      severityNumber: 13,
      body: 'b',
      serviceName: 'svc',
      namespace: 'ns',
      workload: 'w',
      podName: 'p',
      instanceId: 'i',
      attributes: { a: '1' },
    });
  });
  it('keeps the text and the ids when set', () => {
    const r = toLogRecord({ ...base, sevText: 'Warning', traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) });
    expect([r.severity, r.traceId, r.spanId]).toEqual(['Warning', 'ab'.repeat(16), 'cd'.repeat(8)]);
    expect(toLogRecord({ ...base, sevNum: 0 }).severity).toBe('');
  });
});

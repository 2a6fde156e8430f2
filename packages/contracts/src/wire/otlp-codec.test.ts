import { describe, expect, it } from 'vitest';
import { anyValueToString, attributesToRecord, decodeOtlp, encodeOtlp, int64ToBigInt } from './otlp-codec.js';

describe('otlp-codec round trip', () => {
  it('keeps every AnyValue kind after protobuf decode (prototype defaults are not values)', () => {
    const bytes = encodeOtlp('logs', {
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: '1700000000123456789',
                  eventName: 'podtrail.agent.heartbeat',
                  body: { stringValue: 'hb' },
                  attributes: [
                    { key: 's', value: { stringValue: 'x' } },
                    { key: 'empty', value: { stringValue: '' } },
                    { key: 'i', value: { intValue: 5 } },
                    { key: 'zero', value: { intValue: 0 } },
                    { key: 'big', value: { intValue: '9007199254740993' } },
                    { key: 'b', value: { boolValue: false } },
                    { key: 'd', value: { doubleValue: 1.5 } },
                    { key: 'arr', value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: 'two' }] } } },
                    { key: 'kv', value: { kvlistValue: { values: [{ key: 'n', value: { intValue: 3 } }] } } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const rec = decodeOtlp('logs', bytes).resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!;
    expect(attributesToRecord(rec.attributes)).toEqual({
      s: 'x',
      empty: '',
      i: '5',
      zero: '0',
      big: '9007199254740993',
      b: 'false',
      d: '1.5',
      arr: '["1","two"]',
      kv: '{"n":"3"}',
    });
    expect(anyValueToString(rec.body)).toBe('hb');
    expect(rec.eventName).toBe('podtrail.agent.heartbeat');
    expect(int64ToBigInt(rec.timeUnixNano)).toBe(1700000000123456789n);
  });
});

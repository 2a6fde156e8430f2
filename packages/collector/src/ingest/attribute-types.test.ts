import { decodeOtlp, encodeOtlp, type OtlpAnyValue, type OtlpTraceRequest } from '@podtrail/contracts';
import { describe, expect, it } from 'vitest';
import { attributeTypesOf, typedAttributes, typedValue, typeTagOf } from './attribute-types.js';
import { SpanBatch } from './spans.js';

const CASES: [string, OtlpAnyValue, string | undefined, unknown][] = [
  ['string', { stringValue: '42' }, undefined, '42'],
  ['int', { intValue: 42 }, 'int', 42],
  ['negative int', { intValue: -7 }, 'int', -7],
  ['int beyond 2^53', { intValue: '9007199254740993' }, 'int', '9007199254740993'],
  ['double', { doubleValue: 0.25 }, 'double', 0.25],
  ['whole double', { doubleValue: 3 }, 'double', 3],
  ['bool', { boolValue: false }, 'bool', false],
  ['bytes', { bytesValue: new Uint8Array([1, 2, 255]) }, 'bytes', 'AQL/'],
  ['int array', { arrayValue: { values: [{ intValue: 1 }, { intValue: 2 }] } }, 'int[]', [1, 2]],
  ['double array', { arrayValue: { values: [{ doubleValue: 1.5 }] } }, 'double[]', [1.5]],
  ['bool array', { arrayValue: { values: [{ boolValue: true }, { boolValue: false }] } }, 'bool[]', [true, false]],
  ['string array', { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: '1' }] } }, 'string[]', ['a', '1']],
  ['mixed array', { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 1 }] } }, 'array', ['a', '1']],
  ['empty array', { arrayValue: { values: [] } }, 'array', []],
  ['kvlist', { kvlistValue: { values: [{ key: 'k', value: { intValue: 1 } }] } }, 'kvlist', { k: '1' }],
];

/** The SpanAttributeTypes and SpanAttributes columns of the one row a batch wrote (TSV, column order of SPAN_COLUMNS). */
function storedRow(batch: SpanBatch): string {
  return Buffer.from(batch.w.toBuffer()).toString('utf8');
}

const request = (values: OtlpAnyValue[]): OtlpTraceRequest => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
      scopeSpans: [
        {
          scope: { name: 's' },
          spans: [
            {
              traceId: new Uint8Array(16).fill(1),
              spanId: new Uint8Array(8).fill(2),
              name: 'x',
              kind: 2,
              startTimeUnixNano: '1700000000000000000',
              endTimeUnixNano: '1700000000100000000',
              attributes: values.map((value, i) => ({ key: `a${i}`, value })),
            },
          ],
        },
      ],
    },
  ],
});

describe('attribute type tags', () => {
  it.each(CASES)('%s: tag and typed value', (_name, value, tag, typed) => {
    expect(typeTagOf(value)).toBe(tag);
    const batch = new SpanBatch();
    batch.add(decodeOtlp('traces', encodeOtlp('traces', request([value]))) as OtlpTraceRequest);
    const stored = storedRow(batch);
    // what the object path stores, read back the way the API does
    const strings = attributeTypesOf([{ key: 'a0', value }]);
    expect(strings).toEqual(tag ? { a0: tag } : {});
    const fromBatch = /\t(\{[^\t]*\})\t(\{[^\t]*\})\t\[/.exec(stored);
    expect(fromBatch?.[2]).toBe(tag ? `{'a0':'${tag}'}` : '{}');
    const stringForm = fromBatch?.[1]?.slice(7, -2).replace(/\\'/g, "'").replace(/\\\\/g, '\\') ?? '';
    expect(typedValue(stringForm, tag)).toEqual(typed);
  });

  it('both ingest paths write the same tags for the same request', () => {
    const values = CASES.map((c) => c[1]);
    const bytes = encodeOtlp('traces', request(values));
    const objects = new SpanBatch();
    objects.add(decodeOtlp('traces', bytes) as OtlpTraceRequest);
    const transcoded = new SpanBatch();
    transcoded.addProtobuf(bytes);
    expect(storedRow(transcoded)).toBe(storedRow(objects));
    expect(storedRow(objects)).toContain(`'a1':'int'`);
  });

  it('the last value of a repeated key decides its tag; untagged maps come back unchanged', () => {
    expect(
      attributeTypesOf([
        { key: 'k', value: { intValue: 1 } },
        { key: 'k', value: { stringValue: 'x' } },
        { key: 'n', value: { stringValue: 'x' } },
        { key: 'n', value: { doubleValue: 1 } },
      ]),
    ).toEqual({ n: 'double' });
    const strings = { a: '1' };
    expect(typedAttributes(strings, {})).toBe(strings);
    expect(typedAttributes({ a: '1', b: 'true', c: 'NaN' }, { a: 'int', b: 'bool', c: 'double' })).toEqual({
      a: 1,
      b: true,
      c: 'NaN',
    });
  });
});

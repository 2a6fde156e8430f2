import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.js';
import { encodeRecordBatch, encodeRecordBatchBody, encodeRecordHeaders, recordBatchHead } from './record-batch.js';

// kafkajs' fetch-side decoder reads the batch the way a consumer would (it does not check the CRC,
// so that is checked here; the broker checks it too, see producer.int.test.ts).
const require = createRequire(import.meta.url);
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buf: Buffer) => unknown;
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (d: unknown) => Promise<{
  lastOffsetDelta: number;
  firstTimestamp: string;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  records: { key: Buffer | null; value: Buffer; offset: string; headers: Record<string, Buffer> }[];
}>;

const headers = encodeRecordHeaders({ 'content-type': 'application/x-protobuf', 'x-instance': 'i-1' });

describe('record batch v2', () => {
  for (const compression of ['gzip', 'none'] as const) {
    it(`${compression}: every record with its key, value, offset and headers, and a valid CRC`, async () => {
      const key = Buffer.from('pod-uid');
      // sizes around varint boundaries (63/64, 8191/8192 bytes) and one large value
      const values = [0, 1, 63, 64, 8191, 8192, 300_000].map((n, i) => Buffer.alloc(n, i + 1));
      const batch = await encodeRecordBatch(key, values, headers, compression, 1_790_000_000_123);
      const bytes = Buffer.concat(batch.chunks);
      expect(bytes.length).toBe(batch.byteLength);
      expect(bytes.readInt32BE(8)).toBe(bytes.length - 12);
      expect(bytes.readInt8(16)).toBe(2);
      expect(bytes.readInt16BE(21)).toBe(compression === 'gzip' ? 1 : 0);
      expect(bytes.readUInt32BE(17)).toBe(crc32c(bytes.subarray(21)));

      const decoded = await decodeBatch(new Decoder(bytes));
      expect(decoded.lastOffsetDelta).toBe(values.length - 1);
      expect(decoded.firstTimestamp).toBe('1790000000123');
      expect(decoded.producerId).toBe('-1');
      expect(decoded.records).toHaveLength(values.length);
      decoded.records.forEach((r, i) => {
        expect(r.offset).toBe(String(i));
        expect(r.key?.toString()).toBe('pod-uid');
        expect(r.value.equals(values[i]!)).toBe(true);
        expect(Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, v.toString()]))).toEqual({
          'content-type': 'application/x-protobuf',
          'x-instance': 'i-1',
        });
      });
    });
  }

  it('a null key is written as length -1', async () => {
    const batch = await encodeRecordBatch(null, [Buffer.from('v')], encodeRecordHeaders({}), 'none');
    const decoded = await decodeBatch(new Decoder(Buffer.concat(batch.chunks)));
    expect(decoded.records[0]?.key).toBeNull();
    expect(decoded.records[0]?.value.toString()).toBe('v');
  });

  it("an idempotent producer's id, epoch and base sequence, covered by the CRC", async () => {
    const values = [Buffer.from('a'), Buffer.from('b'), Buffer.from('c')];
    const producer = { id: 9_007_199_254_740_993n, epoch: 7, baseSequence: 2_147_483_646 };
    const batch = await encodeRecordBatch(Buffer.from('k'), values, headers, 'gzip', 1, producer);
    const bytes = Buffer.concat(batch.chunks);
    expect(bytes.readUInt32BE(17)).toBe(crc32c(bytes.subarray(21)));
    const decoded = await decodeBatch(new Decoder(bytes));
    expect([decoded.producerId, decoded.producerEpoch, decoded.firstSequence]).toEqual([
      '9007199254740993',
      7,
      2_147_483_646,
    ]);
    expect(decoded.records.map((r) => r.value.toString())).toEqual(['a', 'b', 'c']);
  });

  it('the same body under another producer stamp: same payload, new header and CRC', async () => {
    const body = await encodeRecordBatchBody(Buffer.from('k'), [Buffer.from('v')], headers, 'none', 5);
    const a = recordBatchHead(body, { id: 1n, epoch: 0, baseSequence: 0 });
    const b = recordBatchHead(body, { id: 2n, epoch: 0, baseSequence: 0 });
    expect(a.equals(b)).toBe(false);
    for (const head of [a, b]) {
      const bytes = Buffer.concat([head, body.payload]);
      expect(bytes.readUInt32BE(17)).toBe(crc32c(bytes.subarray(21)));
    }
    const none = await decodeBatch(new Decoder(Buffer.concat([recordBatchHead(body, null), body.payload])));
    expect([none.producerId, none.producerEpoch, none.firstSequence]).toEqual(['-1', -1, -1]);
  });
});

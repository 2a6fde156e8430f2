import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { crc32c } from './crc32c.js';

// Kafka record batch, magic v2: a 61-byte header, then the records, gzip-compressed as one block
// when compression is on. Every record of a batch here shares the same key, timestamp and headers,
// so the per-record work is two varints and a copy of the value.

const HEADER_BYTES = 61;
const CRC_OFFSET = 17;
/** the CRC covers everything from the attributes field on */
const CRC_FROM = 21;
const ATTR_GZIP = 1;

const gzip = promisify(zlib.gzip);
/**
 * Level 1 rather than zlib's default 6: OTLP protobuf is repetitive enough that level 1 keeps most
 * of the ratio for a fraction of the CPU, and that CPU is taken from the app.
 */
const GZIP_OPTIONS: zlib.ZlibOptions = { level: 1 };

export type Compression = 'gzip' | 'none';

/** A record batch as chunks to write one after the other: header, then records. */
export interface EncodedBatch {
  chunks: Buffer[];
  byteLength: number;
}

/** Zigzag varint length, as Kafka's record fields use. */
function varintSize(n: number): number {
  let v = ((n << 1) ^ (n >> 31)) >>> 0;
  let size = 1;
  while (v >= 0x80) {
    v >>>= 7;
    size++;
  }
  return size;
}

function writeVarint(buf: Buffer, n: number, offset: number): number {
  let v = ((n << 1) ^ (n >> 31)) >>> 0;
  while (v >= 0x80) {
    buf[offset++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[offset++] = v;
  return offset;
}

/** Record headers (count + entries) encoded once, then copied into every record. */
export function encodeRecordHeaders(headers: Record<string, string>): Buffer {
  const entries = Object.entries(headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)] as const);
  let size = varintSize(entries.length);
  for (const [k, v] of entries) size += varintSize(k.length) + k.length + varintSize(v.length) + v.length;
  const buf = Buffer.allocUnsafe(size);
  let o = writeVarint(buf, entries.length, 0);
  for (const [k, v] of entries) {
    o = writeVarint(buf, k.length, o);
    o += k.copy(buf, o);
    o = writeVarint(buf, v.length, o);
    o += v.copy(buf, o);
  }
  return buf;
}

/** The records section: length-prefixed records with offset deltas 0..n-1 and timestamp delta 0. */
export function encodeRecords(key: Uint8Array | null, values: readonly Uint8Array[], headers: Buffer): Buffer {
  const keyLen = key ? key.length : -1;
  const fixed = 1 + 1 + varintSize(keyLen) + Math.max(keyLen, 0) + headers.length; // attributes, timestamp delta
  // record i's length after its own length prefix
  const bodySize = (i: number, value: Uint8Array) => fixed + varintSize(i) + varintSize(value.length) + value.length;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const body = bodySize(i, values[i]!);
    total += varintSize(body) + body;
  }
  const buf = Buffer.allocUnsafe(total);
  let o = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    o = writeVarint(buf, bodySize(i, value), o);
    buf[o++] = 0; // record attributes (unused)
    buf[o++] = 0; // timestamp delta: zigzag(0)
    o = writeVarint(buf, i, o);
    o = writeVarint(buf, keyLen, o);
    if (key) {
      buf.set(key, o);
      o += key.length;
    }
    o = writeVarint(buf, value.length, o);
    buf.set(value, o);
    o += value.length;
    o += headers.copy(buf, o);
  }
  return buf;
}

function writeInt64(buf: Buffer, n: number, offset: number): void {
  buf.writeInt32BE(Math.floor(n / 0x1_0000_0000), offset);
  buf.writeUInt32BE(n >>> 0, offset + 4);
}

/** The records of a batch, compressed, without the header: what a resend keeps unchanged. */
export interface RecordBatchBody {
  payload: Buffer;
  count: number;
  timestampMs: number;
  compression: Compression;
}

/** An idempotent producer's fields in a batch header: its id and epoch, the first record's sequence. */
export interface BatchProducer {
  id: bigint;
  epoch: number;
  baseSequence: number;
}

/** Compresses `values` as records with the same key (the expensive part, done once per batch). */
export async function encodeRecordBatchBody(
  key: Uint8Array | null,
  values: readonly Uint8Array[],
  headers: Buffer,
  compression: Compression,
  timestampMs: number = Date.now(),
): Promise<RecordBatchBody> {
  const records = encodeRecords(key, values, headers);
  const payload = compression === 'gzip' ? await gzip(records, GZIP_OPTIONS) : records;
  return { payload, count: values.length, timestampMs, compression };
}

/**
 * The 61-byte header of `body`, with the producer's id, epoch and base sequence (null: none, no
 * deduplication by the broker) and the CRC, which covers them and the payload.
 */
export function recordBatchHead(body: RecordBatchBody, producer: BatchProducer | null): Buffer {
  const { payload, count, timestampMs, compression } = body;
  const head = Buffer.allocUnsafe(HEADER_BYTES);
  writeInt64(head, 0, 0); // base offset: the broker assigns offsets
  head.writeInt32BE(HEADER_BYTES - 12 + payload.length, 8); // batch length after this field
  head.writeInt32BE(-1, 12); // partition leader epoch
  head.writeInt8(2, 16); // magic
  head.writeInt16BE(compression === 'gzip' ? ATTR_GZIP : 0, 21); // attributes: codec, create time
  head.writeInt32BE(count - 1, 23); // last offset delta
  writeInt64(head, timestampMs, 27); // base timestamp
  writeInt64(head, timestampMs, 35); // max timestamp
  head.writeBigInt64BE(producer ? producer.id : -1n, 43); // producer id
  head.writeInt16BE(producer ? producer.epoch : -1, 51); // producer epoch
  head.writeInt32BE(producer ? producer.baseSequence : -1, 53); // base sequence
  head.writeInt32BE(count, 57);
  head.writeUInt32BE(crc32c(payload, crc32c(head.subarray(CRC_FROM))), CRC_OFFSET);
  return head;
}

/** One batch holding `values` as records with the same key (a producer's fields when given). */
export async function encodeRecordBatch(
  key: Uint8Array | null,
  values: readonly Uint8Array[],
  headers: Buffer,
  compression: Compression,
  timestampMs: number = Date.now(),
  producer: BatchProducer | null = null,
): Promise<EncodedBatch> {
  const body = await encodeRecordBatchBody(key, values, headers, compression, timestampMs);
  return { chunks: [recordBatchHead(body, producer), body.payload], byteLength: HEADER_BYTES + body.payload.length };
}

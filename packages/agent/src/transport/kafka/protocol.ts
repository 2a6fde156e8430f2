// The few pieces of the Kafka wire protocol the agent speaks: ApiVersions v0 (to fail clearly on a
// broker that is too old or too new), Metadata v4, InitProducerId v0/v1 (the idempotent producer's id)
// and Produce v3. These are the oldest versions
// Kafka 4 still accepts (KIP-896) and every broker since 1.0 understands, and none of them uses the
// "flexible" (tagged-field) encoding. Integers are big-endian.

export const API_PRODUCE = 0;
export const API_METADATA = 3;
export const API_VERSIONS = 18;
export const API_SASL_HANDSHAKE = 17;
export const API_SASL_AUTHENTICATE = 36;
export const API_INIT_PRODUCER_ID = 22;
export const PRODUCE_VERSION = 3;
export const METADATA_VERSION = 4;
/** InitProducerId v0 and v1 are the same message (v1 only throttles differently); Kafka 4 drops v0 */
export const INIT_PRODUCER_ID_VERSIONS = [0, 1] as const;
const API_NAMES: Record<number, string> = {
  [API_PRODUCE]: 'Produce',
  [API_METADATA]: 'Metadata',
  [API_VERSIONS]: 'ApiVersions',
  [API_SASL_HANDSHAKE]: 'SaslHandshake',
  [API_SASL_AUTHENTICATE]: 'SaslAuthenticate',
  [API_INIT_PRODUCER_ID]: 'InitProducerId',
};

/** Error codes the producer acts on; any other code is reported by number. */
const ERRORS: Record<number, { name: string; retriable: boolean }> = {
  2: { name: 'CORRUPT_MESSAGE', retriable: false },
  3: { name: 'UNKNOWN_TOPIC_OR_PARTITION', retriable: true },
  5: { name: 'LEADER_NOT_AVAILABLE', retriable: true },
  6: { name: 'NOT_LEADER_OR_FOLLOWER', retriable: true },
  7: { name: 'REQUEST_TIMED_OUT', retriable: true },
  10: { name: 'MESSAGE_TOO_LARGE', retriable: false },
  13: { name: 'NETWORK_EXCEPTION', retriable: true },
  14: { name: 'COORDINATOR_LOAD_IN_PROGRESS', retriable: true },
  15: { name: 'COORDINATOR_NOT_AVAILABLE', retriable: true },
  16: { name: 'NOT_COORDINATOR', retriable: true },
  17: { name: 'INVALID_TOPIC_EXCEPTION', retriable: false },
  18: { name: 'RECORD_LIST_TOO_LARGE', retriable: false },
  19: { name: 'NOT_ENOUGH_REPLICAS', retriable: true },
  20: { name: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', retriable: true },
  29: { name: 'TOPIC_AUTHORIZATION_FAILED', retriable: false },
  31: { name: 'CLUSTER_AUTHORIZATION_FAILED', retriable: false },
  33: { name: 'UNSUPPORTED_SASL_MECHANISM', retriable: false },
  34: { name: 'ILLEGAL_SASL_STATE', retriable: false },
  35: { name: 'UNSUPPORTED_VERSION', retriable: false },
  // the idempotent producer's state no longer matches the broker's: retried under a new producer id
  45: { name: 'OUT_OF_ORDER_SEQUENCE_NUMBER', retriable: true },
  47: { name: 'INVALID_PRODUCER_EPOCH', retriable: true },
  59: { name: 'UNKNOWN_PRODUCER_ID', retriable: true },
  56: { name: 'KAFKA_STORAGE_ERROR', retriable: true },
  58: { name: 'SASL_AUTHENTICATION_FAILED', retriable: false },
  74: { name: 'FENCED_LEADER_EPOCH', retriable: true },
  75: { name: 'UNKNOWN_LEADER_EPOCH', retriable: true },
  87: { name: 'INVALID_RECORD', retriable: false },
};

/** Produce answers meaning "the broker has this batch already": a retry of a batch that was written. */
export const DUPLICATE_SEQUENCE_NUMBER = 46;
/** Produce answers meaning "this producer id and its sequences are no longer valid here". */
export const PRODUCER_STATE_LOST = new Set([45, 47, 59]);

/** Codes meaning "this batch itself is refused", so sending it again cannot succeed. */
const RECORD_REFUSED = new Set([2, 10, 18, 87]);

export class KafkaError extends Error {
  readonly retriable: boolean;
  /** the broker refused the records themselves (too large, corrupt): resending them cannot help */
  readonly recordsRefused: boolean;
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = 'KafkaError';
    this.retriable = ERRORS[code]?.retriable ?? false;
    this.recordsRefused = RECORD_REFUSED.has(code);
  }
}

export function kafkaError(code: number, where: string): KafkaError {
  return new KafkaError(`${where}: ${ERRORS[code]?.name ?? 'Kafka error'} (${code})`, code);
}

/** A network failure or a malformed answer: retriable by reconnecting. */
export function connectionError(message: string): KafkaError {
  return new KafkaError(message, 13);
}

/** Cursor over one response frame (after its correlation id). */
export class ResponseReader {
  constructor(
    private readonly buf: Buffer,
    private offset: number,
  ) {}
  int8(): number {
    const v = this.buf.readInt8(this.offset);
    this.offset += 1;
    return v;
  }
  int16(): number {
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  int32(): number {
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  int64(): bigint {
    const v = this.buf.readBigInt64BE(this.offset);
    this.offset += 8;
    return v;
  }
  skip(bytes: number): void {
    this.offset += bytes;
  }
  string(): string {
    const len = this.int16();
    if (len < 0) throw connectionError('Kafka response: null where a string was expected');
    const s = this.buf.toString('utf8', this.offset, this.offset + len);
    this.offset += len;
    return s;
  }
  nullableString(): string | null {
    const len = this.int16();
    if (len < 0) return null;
    const s = this.buf.toString('utf8', this.offset, this.offset + len);
    this.offset += len;
    return s;
  }
  bytes(): Buffer {
    const len = this.int32();
    if (len < 0) return Buffer.alloc(0);
    const b = this.buf.subarray(this.offset, this.offset + len);
    this.offset += len;
    return b;
  }
  array<T>(item: (r: ResponseReader) => T): T[] {
    const n = this.int32();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }
}

/** Small request parts (never the record batch) are written through this. */
export class RequestWriter {
  private buf = Buffer.allocUnsafe(64);
  private len = 0;
  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  int8(v: number): this {
    this.reserve(1);
    this.len = this.buf.writeInt8(v, this.len);
    return this;
  }
  int16(v: number): this {
    this.reserve(2);
    this.len = this.buf.writeInt16BE(v, this.len);
    return this;
  }
  int32(v: number): this {
    this.reserve(4);
    this.len = this.buf.writeInt32BE(v, this.len);
    return this;
  }
  string(s: string | null): this {
    if (s === null) return this.int16(-1);
    const n = Buffer.byteLength(s);
    this.int16(n);
    this.reserve(n);
    this.len += this.buf.write(s, this.len);
    return this;
  }
  array<T>(items: readonly T[], item: (w: this, v: T) => void): this {
    this.int32(items.length);
    for (const v of items) item(this, v);
    return this;
  }
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

export function apiName(apiKey: number): string {
  return API_NAMES[apiKey] ?? `api ${apiKey}`;
}

export interface BrokerAddress {
  host: string;
  port: number;
}

export interface TopicMetadata {
  name: string;
  errorCode: number;
  /** leader node id per partition index (-1: none right now) */
  leaders: number[];
}

export interface ClusterMetadata {
  brokers: Map<number, BrokerAddress>;
  topics: TopicMetadata[];
}

export function encodeMetadataRequest(topics: readonly string[], allowAutoTopicCreation: boolean): Buffer {
  return new RequestWriter()
    .array(topics, (w, t) => w.string(t))
    .int8(allowAutoTopicCreation ? 1 : 0)
    .bytes();
}

export function decodeMetadataResponse(r: ResponseReader): ClusterMetadata {
  r.skip(4); // throttle_time_ms
  const brokers = new Map<number, BrokerAddress>();
  r.array((b) => {
    const id = b.int32();
    const host = b.string();
    const port = b.int32();
    b.nullableString(); // rack
    brokers.set(id, { host, port });
  });
  r.nullableString(); // cluster_id
  r.skip(4); // controller_id
  const topics = r.array((t): TopicMetadata => {
    const errorCode = t.int16();
    const name = t.string();
    t.skip(1); // is_internal
    const leaders: number[] = [];
    t.array((p) => {
      p.skip(2); // partition error code: a missing leader shows as -1 below
      const index = p.int32();
      leaders[index] = p.int32();
      p.skip(4 * p.int32()); // replica nodes
      p.skip(4 * p.int32()); // in-sync replica nodes
    });
    for (let i = 0; i < leaders.length; i++) leaders[i] ??= -1;
    return { name, errorCode, leaders };
  });
  return { brokers, topics };
}

/**
 * Produce v3 body up to the record set's length prefix; the record batch itself follows as its own
 * chunks so it is never copied into the request.
 */
export function encodeProduceRequestHead(
  topic: string,
  partition: number,
  acks: number,
  timeoutMs: number,
  recordSetLength: number,
): Buffer {
  return new RequestWriter()
    .string(null) // transactional_id
    .int16(acks)
    .int32(timeoutMs)
    .int32(1)
    .string(topic)
    .int32(1)
    .int32(partition)
    .int32(recordSetLength)
    .bytes();
}

/** The error code of the one partition a produce request wrote to. */
export function decodeProduceResponse(r: ResponseReader): number {
  let code = -1;
  r.array((t) => {
    t.string();
    t.array((p) => {
      p.skip(4); // partition index
      code = p.int16();
      p.skip(16); // base offset, log append time
    });
  });
  if (code === -1) throw connectionError('Kafka Produce response named no partition');
  return code;
}

/** InitProducerId v0/v1 of an idempotent (not transactional) producer. */
export function encodeInitProducerIdRequest(): Buffer {
  return new RequestWriter()
    .string(null) // transactional_id
    .int32(60_000) // transaction_timeout_ms (unused without a transactional id)
    .bytes();
}

export interface ProducerId {
  id: bigint;
  epoch: number;
}

export function decodeInitProducerIdResponse(r: ResponseReader): ProducerId {
  r.skip(4); // throttle_time_ms
  const code = r.int16();
  if (code !== 0) throw kafkaError(code, 'InitProducerId');
  const id = r.int64();
  return { id, epoch: r.int16() };
}

/** [min, max] version per API key the broker supports. */
export function decodeApiVersionsResponse(r: ResponseReader): Map<number, [number, number]> {
  const code = r.int16();
  if (code !== 0) throw kafkaError(code, 'ApiVersions');
  const versions = new Map<number, [number, number]>();
  r.array((a) => {
    const key = a.int16();
    versions.set(key, [a.int16(), a.int16()]);
  });
  return versions;
}

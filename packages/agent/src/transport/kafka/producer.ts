import type { KafkaSecurity } from '@podtrail/contracts/kafka-security';
import { partitionForKey } from '@podtrail/contracts/partitioner';
// the subpath only: the package root loads protobufjs
import { retry } from '@podtrail/contracts/retry';
import { BrokerConnection } from './broker-connection.js';
import { ProducerSession } from './producer-session.js';
import {
  API_INIT_PRODUCER_ID,
  API_METADATA,
  API_PRODUCE,
  API_VERSIONS,
  apiName,
  type BrokerAddress,
  type ClusterMetadata,
  connectionError,
  DUPLICATE_SEQUENCE_NUMBER,
  decodeApiVersionsResponse,
  decodeInitProducerIdResponse,
  decodeMetadataResponse,
  decodeProduceResponse,
  encodeInitProducerIdRequest,
  encodeMetadataRequest,
  encodeProduceRequestHead,
  INIT_PRODUCER_ID_VERSIONS,
  KafkaError,
  kafkaError,
  METADATA_VERSION,
  PRODUCE_VERSION,
  PRODUCER_STATE_LOST,
  type ProducerId,
  type ResponseReader,
} from './protocol.js';
import {
  type Compression,
  encodeRecordBatchBody,
  encodeRecordHeaders,
  type RecordBatchBody,
  recordBatchHead,
} from './record-batch.js';
import { authenticate } from './sasl.js';

export interface KafkaProducerOptions {
  /** bootstrap brokers, host:port */
  brokers: readonly string[];
  clientId: string;
  connectTimeoutMs: number;
  /** how long the broker may wait for its replicas before it answers a produce (acks=all) */
  produceTimeoutMs: number;
  compression: Compression;
  /** headers carried by every record */
  headers: Record<string, string>;
  /** TLS and SASL, when the cluster wants them */
  security?: KafkaSecurity;
  /**
   * The idempotent producer's id and sequences; pass the same one to the producer of every
   * connection attempt so a batch resent after a reconnect is still recognised (default: its own)
   */
  session?: ProducerSession;
  debug?: (msg: string) => void;
}

/**
 * One record batch for one topic, compressed once. Sending it again (a retry, or a resend after a
 * reconnect) sends the same records with the same producer id and sequence, so the broker writes
 * it once; it is stamped again only under a new producer id or partition count.
 */
export interface ProducerBatch {
  readonly topic: string;
  readonly key: Buffer;
  readonly body: RecordBatchBody;
  /** header with the producer fields and CRC, once stamped */
  head?: Buffer;
  stampedFor?: { generation: number; partition: number };
}

/** Sends retried on errors Kafka marks retriable: 6 attempts, 100 ms doubling to 1 s, deterministic. */
const SEND_RETRY = { attempts: 6, baseMs: 100, capMs: 1000, jitter: 0 } as const;
const ACKS_ALL = -1;

/**
 * The agent's Kafka producer: keyed records, acks=all, idempotent (a producer id and per-partition
 * sequence numbers: a retried batch the broker already has is not written twice), one record batch
 * per send, retries on the errors Kafka marks retriable (leader moved, topic still being created).
 * Its callers send one batch per partition at a time, so sequences reach the broker in order.
 * Deliberately small: a
 * general client keeps per-send objects alive across the broker round trip, and under load those
 * are promoted into the app's old generation (docs/benchmarks.md, "Agent overhead"). One instance per
 * connection attempt; close() is final.
 */
export class KafkaProducer {
  private readonly opts: KafkaProducerOptions;
  private readonly recordHeaders: Buffer;
  private readonly connections = new Map<string, Promise<BrokerConnection>>();
  private brokers = new Map<number, BrokerAddress>();
  /** leader node id per partition, per topic */
  private readonly leaders = new Map<string, number[]>();
  private closed = false;
  private readonly debug: (msg: string) => void;
  readonly session: ProducerSession;
  private initializing: Promise<ProducerId | null> | null = null;
  private initProducerIdVersion: number = INIT_PRODUCER_ID_VERSIONS[1];

  constructor(opts: KafkaProducerOptions) {
    this.opts = opts;
    this.recordHeaders = encodeRecordHeaders(opts.headers);
    this.debug = opts.debug ?? (() => {});
    this.session = opts.session ?? new ProducerSession();
  }

  /** Reaches a bootstrap broker, checks it speaks our protocol versions, and looks up (creating) `topics`. */
  async connect(topics: readonly string[]): Promise<void> {
    const conn = await this.bootstrap();
    const versions = decodeApiVersionsResponse(await conn.request(API_VERSIONS, 0, []));
    checkVersions(conn.address, versions);
    const init = versions.get(API_INIT_PRODUCER_ID);
    const [lowest, highest] = INIT_PRODUCER_ID_VERSIONS;
    if (init && init[0] <= highest && init[1] >= lowest) this.initProducerIdVersion = Math.min(highest, init[1]);
    else if (this.session.enabled)
      this.disableIdempotence(`Kafka broker ${conn.address} does not speak InitProducerId v${lowest} or v${highest}`);
    // Topic errors here only mean "being created"; send() waits for the leaders.
    await this.fetchMetadata(topics);
  }

  /** Appends `values` as records with `key` to the key's partition of `topic`; rejects with a KafkaError. */
  async send(topic: string, key: Buffer, values: readonly Uint8Array[]): Promise<void> {
    await this.sendBatch(await this.prepare(topic, key, values));
  }

  /** Compresses `values` into one batch for `topic`, to be sent (and resent, unchanged) by sendBatch. */
  async prepare(topic: string, key: Buffer, values: readonly Uint8Array[]): Promise<ProducerBatch> {
    const body = await encodeRecordBatchBody(key, values, this.recordHeaders, this.opts.compression);
    if (this.closed) throw connectionError('producer closed');
    return { topic, key, body };
  }

  /** Sends a prepared batch to its key's partition (retried); rejects with a KafkaError. */
  async sendBatch(batch: ProducerBatch): Promise<void> {
    const { topic } = batch;
    await retry(
      async () => {
        try {
          await this.produce(batch);
        } catch (e) {
          throw e instanceof KafkaError ? e : connectionError(e instanceof Error ? e.message : String(e));
        }
      },
      {
        ...SEND_RETRY,
        shouldRetry: (err) => !this.closed && (err as KafkaError).retriable,
        onRetry: (err, attempt) => {
          this.debug(`kafka: ${(err as KafkaError).message}; retry ${attempt}`);
          this.leaders.delete(topic);
        },
      },
    );
  }

  close(): void {
    this.closed = true;
    for (const c of this.connections.values()) c.then((conn) => conn.close('producer closed')).catch(() => {});
    this.connections.clear();
    this.leaders.clear();
  }

  private async produce(batch: ProducerBatch): Promise<void> {
    const { topic, key, body } = batch;
    const leaders = this.leaders.get(topic) ?? (await this.topicLeaders(topic));
    const partition = partitionForKey(key, leaders.length);
    const where = `Produce to ${topic}[${partition}]`;
    const leader = this.brokers.get(leaders[partition] ?? -1);
    if (!leader) throw kafkaError(5, where);
    const conn = await this.connection(leader);
    const session = this.session;
    let head = batch.head;
    let stamp = batch.stampedFor;
    if (!head || !stamp || stamp.generation !== session.generation || stamp.partition !== partition) {
      // first attempt, or the id or partition changed: the broker never appended this batch under them
      const id = await this.producerId();
      const baseSequence = id ? session.take(topic, partition, body.count) : -1;
      head = recordBatchHead(body, id && { ...id, baseSequence });
      stamp = { generation: session.generation, partition };
      batch.head = head;
      batch.stampedFor = stamp;
    }
    const byteLength = head.length + body.payload.length;
    const req = encodeProduceRequestHead(topic, partition, ACKS_ALL, this.opts.produceTimeoutMs, byteLength);
    const r = await conn.request(API_PRODUCE, PRODUCE_VERSION, [req, head, body.payload]);
    const code = decode(conn, r, decodeProduceResponse);
    // a retry of a batch the broker appended before (its answer was lost): written once
    if (code === 0 || (code === DUPLICATE_SEQUENCE_NUMBER && session.id)) return;
    if (PRODUCER_STATE_LOST.has(code) && session.generation === stamp.generation) {
      // the broker lost this id's sequences (or a refused batch left a gap): retried under a new id
      this.debug(`kafka: ${where}: ${kafkaError(code, where).message}; asking for a new producer id`);
      session.reset();
    }
    throw kafkaError(code, where);
  }

  /** The session's producer id, asked for once when there is none; null when idempotence is off. */
  private producerId(): Promise<ProducerId | null> {
    const session = this.session;
    if (!session.enabled) return Promise.resolve(null);
    if (session.id) return Promise.resolve(session.id);
    this.initializing ??= this.initProducerId().finally(() => {
      this.initializing = null;
    });
    return this.initializing;
  }

  private async initProducerId(): Promise<ProducerId | null> {
    const conn = await this.anyConnection();
    const r = await conn.request(API_INIT_PRODUCER_ID, this.initProducerIdVersion, [encodeInitProducerIdRequest()]);
    try {
      const id = decode(conn, r, decodeInitProducerIdResponse);
      this.session.assign(id);
      this.debug(`kafka: idempotent producer id ${id.id} epoch ${id.epoch}`);
      return id;
    } catch (err) {
      // not authorized to write idempotently, or another definite refusal: plain acks=all sends
      if (err instanceof KafkaError && !err.retriable) {
        this.disableIdempotence(err.message);
        return null;
      }
      throw err;
    }
  }

  private disableIdempotence(reason: string): void {
    this.session.disable(reason);
    this.debug(`kafka: ${reason}; sending without idempotence (a retried batch may be written twice)`);
  }

  private async topicLeaders(topic: string): Promise<number[]> {
    const meta = await this.fetchMetadata([topic]);
    const t = meta.topics.find((x) => x.name === topic);
    if (t && t.errorCode !== 0) throw kafkaError(t.errorCode, `Metadata for ${topic}`);
    const leaders = this.leaders.get(topic);
    if (!leaders) throw kafkaError(5, `Metadata for ${topic}`);
    return leaders;
  }

  private async fetchMetadata(topics: readonly string[]): Promise<ClusterMetadata> {
    const conn = await this.anyConnection();
    const r = await conn.request(API_METADATA, METADATA_VERSION, [encodeMetadataRequest(topics, true)]);
    const meta = decode(conn, r, decodeMetadataResponse);
    this.brokers = meta.brokers;
    for (const t of meta.topics) {
      // a partition without a leader (-1) fails its produce as retriable, which looks it up again
      if (t.errorCode === 0 && t.leaders.length > 0) this.leaders.set(t.name, t.leaders);
      else this.leaders.delete(t.name);
    }
    return meta;
  }

  private async anyConnection(): Promise<BrokerConnection> {
    for (const c of this.connections.values()) {
      const conn = await c.catch(() => undefined);
      if (conn?.isOpen) return conn;
    }
    return this.bootstrap();
  }

  private async bootstrap(): Promise<BrokerConnection> {
    let lastError: unknown;
    for (const b of this.opts.brokers) {
      const i = b.lastIndexOf(':');
      try {
        return await this.connection({ host: b.slice(0, i), port: Number(b.slice(i + 1)) });
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError ?? connectionError('no Kafka broker configured');
  }

  private connection(addr: BrokerAddress): Promise<BrokerConnection> {
    if (this.closed) return Promise.reject(connectionError('producer closed'));
    const key = `${addr.host}:${addr.port}`;
    const existing = this.connections.get(key);
    if (existing) return existing;
    const sasl = this.opts.security?.sasl;
    const pending = BrokerConnection.connect({
      host: addr.host,
      port: addr.port,
      clientId: this.opts.clientId,
      connectTimeoutMs: this.opts.connectTimeoutMs,
      tls: this.opts.security?.tls,
      onClose: () => {
        if (this.connections.get(key) === pending) this.connections.delete(key);
      },
    }).then(async (conn) => {
      if (!sasl) return conn;
      try {
        await authenticate(conn, sasl);
        return conn;
      } catch (err) {
        conn.close('authentication failed');
        throw err;
      }
    });
    this.connections.set(key, pending);
    pending.then(
      (conn) => {
        // closed while connecting
        if (this.closed) conn.close('producer closed');
      },
      () => {
        if (this.connections.get(key) === pending) this.connections.delete(key);
      },
    );
    return pending;
  }
}

/** A response that does not parse means the connection is out of step: drop it, retry on a new one. */
function decode<T>(conn: BrokerConnection, r: ResponseReader, fn: (r: ResponseReader) => T): T {
  try {
    return fn(r);
  } catch (err) {
    if (err instanceof KafkaError) throw err;
    conn.close('malformed response');
    throw connectionError(`malformed response from Kafka broker ${conn.address}`);
  }
}

function checkVersions(address: string, supported: Map<number, [number, number]>): void {
  for (const [key, version] of [
    [API_PRODUCE, PRODUCE_VERSION],
    [API_METADATA, METADATA_VERSION],
  ] as const) {
    const range = supported.get(key);
    if (!range || version < range[0] || version > range[1]) {
      throw new KafkaError(
        `Kafka broker ${address} does not speak ${apiName(key)} v${version} (it supports ${range ? `v${range[0]} to v${range[1]}` : 'none'})`,
        35,
      );
    }
  }
}

import type { KafkaSecurity } from '@podtrail/contracts/kafka-security';
import { partitionForKey } from '@podtrail/contracts/partitioner';
// the subpath only: the package root loads protobufjs
import { retry } from '@podtrail/contracts/retry';
import { BrokerConnection } from './broker-connection.js';
import {
  API_METADATA,
  API_PRODUCE,
  API_VERSIONS,
  apiName,
  type BrokerAddress,
  type ClusterMetadata,
  connectionError,
  decodeApiVersionsResponse,
  decodeMetadataResponse,
  decodeProduceResponse,
  encodeMetadataRequest,
  encodeProduceRequestHead,
  KafkaError,
  kafkaError,
  METADATA_VERSION,
  PRODUCE_VERSION,
  type ResponseReader,
} from './protocol.js';
import { type Compression, type EncodedBatch, encodeRecordBatch, encodeRecordHeaders } from './record-batch.js';
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
  debug?: (msg: string) => void;
}

/** Sends retried on errors Kafka marks retriable: 6 attempts, 100 ms doubling to 1 s, deterministic. */
const SEND_RETRY = { attempts: 6, baseMs: 100, capMs: 1000, jitter: 0 } as const;
const ACKS_ALL = -1;

/**
 * The agent's Kafka producer: keyed records, acks=all, one record batch per send, retries on the
 * errors Kafka marks retriable (leader moved, topic still being created). Deliberately small: a
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

  constructor(opts: KafkaProducerOptions) {
    this.opts = opts;
    this.recordHeaders = encodeRecordHeaders(opts.headers);
    this.debug = opts.debug ?? (() => {});
  }

  /** Reaches a bootstrap broker, checks it speaks our protocol versions, and looks up (creating) `topics`. */
  async connect(topics: readonly string[]): Promise<void> {
    const conn = await this.bootstrap();
    checkVersions(conn.address, decodeApiVersionsResponse(await conn.request(API_VERSIONS, 0, [])));
    // Topic errors here only mean "being created"; send() waits for the leaders.
    await this.fetchMetadata(topics);
  }

  /** Appends `values` as records with `key` to the key's partition of `topic`; rejects with a KafkaError. */
  async send(topic: string, key: Buffer, values: readonly Uint8Array[]): Promise<void> {
    const batch = await encodeRecordBatch(key, values, this.recordHeaders, this.opts.compression);
    await retry(
      async () => {
        try {
          await this.produce(topic, key, batch);
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

  private async produce(topic: string, key: Buffer, batch: EncodedBatch): Promise<void> {
    const leaders = this.leaders.get(topic) ?? (await this.topicLeaders(topic));
    const partition = partitionForKey(key, leaders.length);
    const where = `Produce to ${topic}[${partition}]`;
    const leader = this.brokers.get(leaders[partition] ?? -1);
    if (!leader) throw kafkaError(5, where);
    const conn = await this.connection(leader);
    const head = encodeProduceRequestHead(topic, partition, ACKS_ALL, this.opts.produceTimeoutMs, batch.byteLength);
    const r = await conn.request(API_PRODUCE, PRODUCE_VERSION, [head, ...batch.chunks]);
    const code = decode(conn, r, decodeProduceResponse);
    if (code !== 0) throw kafkaError(code, where);
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

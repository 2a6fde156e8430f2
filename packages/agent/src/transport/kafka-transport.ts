import { createRequire } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { CONTENT_TYPE_PROTOBUF, HEADERS, WIRE_SCHEMA_VERSION } from '@podtrail/contracts/constants';
import kafkajs, { type ISocketFactory, type Producer } from 'kafkajs';

// kafkajs is CommonJS; not every export is visible as a named ESM export.
const { CompressionCodecs, CompressionTypes, Kafka, logLevel, Partitioners } = kafkajs;

import type { OutboundMessage, Signal } from './bounded-buffer.js';
import { type DeliveryResult, QueueingTransport, type QueueingTransportOptions } from './transport.js';

export interface KafkaTransportOptions extends QueueingTransportOptions {
  brokers: string[];
  topics: Record<Signal, string>;
  /** record key: the pod uid, so one pod's data stays in one partition, in order */
  key: string;
  instanceId: string;
  clientId?: string;
  connectionTimeoutMs?: number;
  compression?: 'gzip' | 'none';
  requestTimeoutMs?: number;
}

/**
 * Sockets are unref'd: the agent's connection must never keep an app alive that would otherwise
 * exit. Flushes at stop hold the process with their own (deadline-bounded) timer instead.
 */
const unrefSocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? tls.connect(Object.assign({ host, port }, !net.isIP(host) ? { servername: host } : {}, ssl), onConnect)
    : net.connect({ host, port }, onConnect);
  socket.setKeepAlive(true, 60_000);
  socket.unref();
  return socket;
};

/**
 * kafkajs 2.2.4 RequestQueue re-arms a ~1 ms timer forever once a response arrived with nothing
 * pending (`setTimeout(check, throttledUntil - now)` with a negative delay). That burns CPU in the
 * app and, being ref'd, keeps a finished process alive. Nothing pending means nothing to check:
 * push() re-schedules when a request has to wait. The timer left is unref'd.
 */
function patchKafkaRequestQueue(): void {
  try {
    const require = createRequire(import.meta.url);
    const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as {
      prototype: {
        scheduleCheckPendingRequests(this: {
          pending: unknown[];
          throttleCheckTimeoutId?: NodeJS.Timeout | null;
        }): void;
        __podtrailPatched?: boolean;
      };
    };
    const proto = RequestQueue.prototype;
    if (proto.__podtrailPatched) return;
    const original = proto.scheduleCheckPendingRequests;
    proto.scheduleCheckPendingRequests = function scheduleCheckPendingRequests() {
      if (this.pending.length === 0) return;
      original.call(this);
      this.throttleCheckTimeoutId?.unref?.();
    };
    proto.__podtrailPatched = true;
  } catch {
    // layout changed: keep kafkajs as is
  }
}

const gzip = promisify(zlib.gzip);
const unzip = promisify(zlib.unzip);

/**
 * Gzip at level 1 instead of zlib's default 6: OTLP spans are repetitive enough that level 1
 * keeps most of the ratio for a fraction of the CPU, and that CPU is taken from the app.
 * (Replaces the codec of this kafkajs copy only; any gzip reader decodes it.)
 */
function useFastGzip(): void {
  CompressionCodecs[CompressionTypes.GZIP] = () => ({
    compress: (encoder: { buffer: Buffer }) => gzip(encoder.buffer, { level: 1 }),
    decompress: (buffer: Buffer) => unzip(buffer),
  });
}

/** Kafka as a transport only: bytes in, one record per OTLP export request, gzip, keyed by pod. */
export class KafkaTransport extends QueueingTransport {
  private readonly kafka: InstanceType<typeof Kafka>;
  private producer: Producer | undefined;
  private readonly topics: Record<Signal, string>;
  private readonly key: Buffer;
  private readonly headers: Record<string, string>;
  private readonly compression: number;

  constructor(opts: KafkaTransportOptions) {
    super(opts);
    patchKafkaRequestQueue();
    useFastGzip();
    this.topics = opts.topics;
    this.compression = opts.compression === 'none' ? CompressionTypes.None : CompressionTypes.GZIP;
    this.key = Buffer.from(opts.key);
    this.headers = {
      [HEADERS.contentType]: CONTENT_TYPE_PROTOBUF,
      [HEADERS.schemaVersion]: String(WIRE_SCHEMA_VERSION),
      [HEADERS.instanceId]: opts.instanceId,
    };
    const debug = this.debug;
    this.kafka = new Kafka({
      clientId: opts.clientId ?? 'podtrail-agent',
      brokers: opts.brokers,
      connectionTimeout: opts.connectionTimeoutMs ?? 3000,
      requestTimeout: opts.requestTimeoutMs ?? 10_000,
      // kafkajs enforces request timeouts with a ref'd 100 ms interval per connection, which would keep
      // the app alive; the transport bounds each send with its own unref'd timer instead.
      enforceRequestTimeout: false,
      // Connection attempts fail fast: the transport's own backoff (unref'd timers) retries, where
      // kafkajs' retry timers would hold the process open.
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 },
      socketFactory: unrefSocketFactory,
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log }) => {
          if (level <= logLevel.WARN) debug(`kafkajs: ${log.message}${log.error ? ` (${log.error})` : ''}`);
        },
    });
  }

  protected async connect(): Promise<void> {
    const producer = this.kafka.producer({
      allowAutoTopicCreation: true,
      // murmur2 like the Java client: one pod's key always lands on the same partition
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: false,
      maxInFlightRequests: 1,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    this.producer = producer;
    await producer.connect();
  }

  protected async disconnect(): Promise<void> {
    const p = this.producer;
    this.producer = undefined;
    if (p) await p.disconnect();
  }

  /**
   * One produce call per topic, in parallel: every message of a topic goes to the pod's partition,
   * so a failure there (say, a topic still being auto-created) cannot make kafkajs resend, and thus
   * duplicate, what another topic already stored.
   */
  protected async deliver(batch: OutboundMessage[]): Promise<DeliveryResult> {
    const producer = this.producer;
    if (!producer) return { failed: batch, error: new Error('producer not connected') };
    const byTopic = new Map<string, OutboundMessage[]>();
    for (const msg of batch) {
      const topic = this.topics[msg.signal];
      const list = byTopic.get(topic);
      if (list) list.push(msg);
      else byTopic.set(topic, [msg]);
    }
    const failed: OutboundMessage[] = [];
    let error: unknown;
    await Promise.all(
      [...byTopic].map(async ([topic, msgs]) => {
        try {
          await producer.send({
            topic,
            compression: this.compression,
            acks: -1,
            messages: msgs.map((m) => ({
              key: this.key,
              value: Buffer.from(m.value.buffer, m.value.byteOffset, m.value.byteLength),
              headers: this.headers,
            })),
          });
        } catch (err) {
          error = err;
          failed.push(...msgs);
        }
      }),
    );
    return { failed, error };
  }
}

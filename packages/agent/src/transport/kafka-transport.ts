import net from 'node:net';
import tls from 'node:tls';
import { CONTENT_TYPE_PROTOBUF, HEADERS, WIRE_SCHEMA_VERSION } from '@podtrail/contracts/constants';
import { CompressionTypes, type ISocketFactory, Kafka, logLevel, type Producer, type TopicMessages } from 'kafkajs';
import type { OutboundMessage, Signal } from './bounded-buffer.js';
import { QueueingTransport, type QueueingTransportOptions } from './transport.js';

export interface KafkaTransportOptions extends QueueingTransportOptions {
  brokers: string[];
  topics: Record<Signal, string>;
  /** record key: the pod uid, so one pod's data stays in one partition, in order */
  key: string;
  instanceId: string;
  clientId?: string;
  connectionTimeoutMs?: number;
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

/** Kafka as a transport only: bytes in, one record per OTLP export request, gzip, keyed by pod. */
export class KafkaTransport extends QueueingTransport {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private readonly topics: Record<Signal, string>;
  private readonly key: Buffer;
  private readonly headers: Record<string, string>;

  constructor(opts: KafkaTransportOptions) {
    super(opts);
    this.topics = opts.topics;
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
      // bounded: the transport's own backoff loop takes over after these
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
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

  protected async deliver(batch: OutboundMessage[]): Promise<void> {
    const producer = this.producer;
    if (!producer) throw new Error('producer not connected');
    const byTopic = new Map<string, TopicMessages>();
    for (const msg of batch) {
      const topic = this.topics[msg.signal];
      let tm = byTopic.get(topic);
      if (!tm) {
        tm = { topic, messages: [] };
        byTopic.set(topic, tm);
      }
      tm.messages.push({
        key: this.key,
        value: Buffer.from(msg.value.buffer, msg.value.byteOffset, msg.value.byteLength),
        headers: this.headers,
      });
    }
    await producer.sendBatch({
      topicMessages: [...byTopic.values()],
      compression: CompressionTypes.GZIP,
      acks: -1,
    });
  }
}

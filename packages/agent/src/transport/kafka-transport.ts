import { CONTENT_TYPE_PROTOBUF, HEADERS, WIRE_SCHEMA_VERSION } from '@podtrail/contracts/constants';
import type { KafkaSecurity } from '@podtrail/contracts/kafka-security';
import type { OutboundMessage, Signal } from './bounded-buffer.js';
import { KafkaProducer } from './kafka/producer.js';
import { KafkaError } from './kafka/protocol.js';
import { type DeliveryResult, QueueingTransport, type QueueingTransportOptions } from './transport.js';

export interface KafkaTransportOptions extends QueueingTransportOptions {
  brokers: string[];
  /** app logs (`logs`) go to the lifecycle topic, where the collector reads every OTLP log record */
  topics: Record<Exclude<Signal, 'logs'>, string>;
  /** record key: the pod uid, so one pod's data stays in one partition, in order */
  key: string;
  instanceId: string;
  clientId?: string;
  connectionTimeoutMs?: number;
  compression?: 'gzip' | 'none';
  security?: KafkaSecurity;
  /** how long the broker may wait for its replicas before answering */
  requestTimeoutMs?: number;
}

/** Kafka as a transport only: bytes in, one record per OTLP export request, gzip, keyed by pod. */
export class KafkaTransport extends QueueingTransport {
  private producer: KafkaProducer | undefined;
  private readonly opts: KafkaTransportOptions;
  private readonly key: Buffer;

  constructor(opts: KafkaTransportOptions) {
    super(opts);
    this.opts = opts;
    this.key = Buffer.from(opts.key);
  }

  protected async connect(): Promise<void> {
    const producer = new KafkaProducer({
      brokers: this.opts.brokers,
      clientId: this.opts.clientId ?? 'podtrail-agent',
      connectTimeoutMs: this.opts.connectionTimeoutMs ?? 3000,
      produceTimeoutMs: this.opts.requestTimeoutMs ?? 10_000,
      compression: this.opts.compression ?? 'gzip',
      headers: {
        [HEADERS.contentType]: CONTENT_TYPE_PROTOBUF,
        [HEADERS.schemaVersion]: String(WIRE_SCHEMA_VERSION),
        [HEADERS.instanceId]: this.opts.instanceId,
      },
      debug: this.debug,
      ...(this.opts.security ? { security: this.opts.security } : {}),
    });
    this.producer = producer;
    await producer.connect([...new Set(Object.values(this.opts.topics))]);
  }

  protected async disconnect(): Promise<void> {
    this.producer?.close();
    this.producer = undefined;
  }

  /**
   * One record batch per topic, sent in parallel; each topic's records go to the pod's partition, so
   * a failure on one topic (say, still being auto-created) resends only that topic's records.
   */
  protected async deliver(batch: OutboundMessage[]): Promise<DeliveryResult> {
    const producer = this.producer;
    if (!producer) return { failed: batch, error: new Error('producer not connected') };
    const byTopic = new Map<string, OutboundMessage[]>();
    for (const msg of batch) {
      const topic = this.opts.topics[msg.signal === 'logs' ? 'lifecycle' : msg.signal];
      const list = byTopic.get(topic);
      if (list) list.push(msg);
      else byTopic.set(topic, [msg]);
    }
    const failed: OutboundMessage[] = [];
    const refused: OutboundMessage[] = [];
    let error: unknown;
    await Promise.all(
      [...byTopic].map(async ([topic, msgs]) => {
        try {
          await producer.send(
            topic,
            this.key,
            msgs.map((m) => m.value),
          );
        } catch (err) {
          if (err instanceof KafkaError && err.recordsRefused) {
            // Sending the same bytes again would be refused again and block everything behind them.
            this.debug(`${err.message}; ${msgs.length} message(s) dropped`);
            refused.push(...msgs);
            return;
          }
          error = err;
          failed.push(...msgs);
        }
      }),
    );
    return { failed, error, refused };
  }
}

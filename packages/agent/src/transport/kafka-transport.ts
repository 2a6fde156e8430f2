import { CONTENT_TYPE_PROTOBUF, HEADERS, WIRE_SCHEMA_VERSION } from '@podtrail/contracts/constants';
import type { KafkaSecurity } from '@podtrail/contracts/kafka-security';
import type { OutboundMessage, Signal } from './bounded-buffer.js';
import { KafkaProducer, type ProducerBatch } from './kafka/producer.js';
import { ProducerSession } from './kafka/producer-session.js';
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

/** A batch whose send failed without a definite answer: the broker may have appended it. */
interface InDoubt {
  batch: ProducerBatch;
  messages: readonly OutboundMessage[];
}

/**
 * Kafka as a transport only: bytes in, one record per OTLP export request, gzip, keyed by pod.
 * Exactly once into Kafka across broker losses: the producer is idempotent, and a batch whose send
 * failed is resent as it was (same records, producer id and sequence) before anything newer of
 * its topic, so the broker writes it once whether or not it had appended it already. Its messages
 * are then not sent again when the queue hands them back.
 */
export class KafkaTransport extends QueueingTransport {
  private producer: KafkaProducer | undefined;
  private readonly opts: KafkaTransportOptions;
  private readonly key: Buffer;
  /** producer id and sequences, kept across reconnects */
  private readonly session = new ProducerSession();
  /** per topic, the batch sent last without an answer */
  private readonly inDoubt = new Map<string, InDoubt>();
  /** messages an in-doubt batch carried when it was resent (the queue may still hold them) */
  private readonly carried = new WeakSet<OutboundMessage>();

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
      session: this.session,
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
   * a failure on one topic (say, still being auto-created) resends only that topic's records. A
   * topic's in-doubt batch goes first, unchanged; newer records of that topic wait for its answer.
   */
  protected async deliver(batch: OutboundMessage[]): Promise<DeliveryResult> {
    const producer = this.producer;
    if (!producer) return { failed: batch, error: new Error('producer not connected') };
    const byTopic = new Map<string, OutboundMessage[]>();
    for (const topic of this.inDoubt.keys()) byTopic.set(topic, []);
    for (const msg of batch) {
      if (this.carried.has(msg)) continue; // delivered by its resent batch
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
        let pending = msgs;
        try {
          await this.resendInDoubt(producer, topic);
          pending = msgs.filter((m) => !this.carried.has(m));
          if (pending.length === 0) return;
          const prepared = await producer.prepare(
            topic,
            this.key,
            pending.map((m) => m.value),
          );
          await this.sendTracked(producer, { batch: prepared, messages: pending });
        } catch (err) {
          if (err instanceof KafkaError && err.recordsRefused) {
            // Sending the same bytes again would be refused again and block everything behind them.
            this.debug(`${err.message}; ${pending.length} message(s) dropped`);
            refused.push(...pending);
            return;
          }
          error = err;
          failed.push(...pending);
        }
      }),
    );
    return { failed, error, refused };
  }

  /** Resends `topic`'s in-doubt batch as it was; its messages count as delivered once it is. */
  private async resendInDoubt(producer: KafkaProducer, topic: string): Promise<void> {
    const doubt = this.inDoubt.get(topic);
    if (!doubt) return;
    this.debug(`kafka: resending a batch of ${doubt.messages.length} message(s) to ${topic} with its sequence`);
    try {
      await this.sendTracked(producer, doubt);
    } catch (err) {
      // refused for good: never appended; its messages, still queued, are refused again on their own
      if (err instanceof KafkaError && err.recordsRefused) return;
      throw err;
    }
    for (const m of doubt.messages) this.carried.add(m);
  }

  /** Sends a batch, in doubt until the broker answers (then done, or refused for good). */
  private async sendTracked(producer: KafkaProducer, entry: InDoubt): Promise<void> {
    const { topic } = entry.batch;
    // the producer was replaced meanwhile (a timed-out send): this one is closed and sends nothing
    if (producer !== this.producer) throw new Error('producer replaced');
    this.inDoubt.set(topic, entry);
    try {
      await producer.sendBatch(entry.batch);
    } catch (err) {
      if (err instanceof KafkaError && err.recordsRefused && this.inDoubt.get(topic) === entry)
        this.inDoubt.delete(topic);
      throw err;
    }
    if (this.inDoubt.get(topic) === entry) this.inDoubt.delete(topic);
  }
}

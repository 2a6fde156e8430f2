import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type Admin, type Consumer, type ConsumerConfig, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { CollectorMetrics } from '../collector-metrics.js';
import type { CollectorConfig } from '../config.js';
import { kafkaClientSecurity } from './client-security.js';
import { retryKafka } from './kafka-retry.js';
import { KafkaLivePublisher } from './live-publisher.js';

/** What the Kafka clients read of the collector configuration. */
export type KafkaClientConfig = Pick<
  CollectorConfig,
  'brokers' | 'kafkaSecurity' | 'clientId' | 'liveTopic' | 'topicPartitions'
> &
  Partial<Pick<CollectorConfig, 'topicReplication' | 'topicMinInsync'>>;

/**
 * Replication of the created topics: as configured, else 3 on a cluster of 3+ brokers and 1 below;
 * `min.insync.replicas` as configured, else one less than the replication factor, at most 2 (one
 * broker may be lost without refusing acks=all writes).
 */
export function topicReplication(
  config: Pick<KafkaClientConfig, 'topicReplication' | 'topicMinInsync'>,
  brokerCount: number,
): { replicationFactor: number; minInsync: number } {
  const replicationFactor = config.topicReplication ?? (brokerCount >= 3 ? 3 : 1);
  const minInsync = config.topicMinInsync ?? Math.max(1, Math.min(2, replicationFactor - 1));
  if (minInsync > replicationFactor)
    // acks=all writes would all be refused (NOT_ENOUGH_REPLICAS)
    throw new Error(
      `PODTRAIL_TOPIC_MIN_INSYNC (${minInsync}) exceeds the replication factor (${replicationFactor}) of the topics to create`,
    );
  return { replicationFactor, minInsync };
}

type KafkaLog = Pick<FastifyBaseLogger, 'error' | 'warn' | 'info' | 'debug'>;

export interface KafkaClientsOptions {
  config: KafkaClientConfig;
  metrics: CollectorMetrics;
  /** kafkajs warnings and errors, topic creation; without it nothing is logged */
  log?: KafkaLog;
}

export interface EnsureTopicsOptions {
  /** stop retrying (the last error is thrown) */
  signal?: AbortSignal;
  /** called before each wait on a transient Kafka error */
  onRetry?: (what: string, err: unknown, attempt: number, delayMs: number) => void;
}

/**
 * The collector's Kafka clients, in one place: one kafkajs client, its one producer (dead
 * letters and the live topic publisher) and its one admin, connected on first use; consumers
 * (ingest's group, the live hub's group) are created from the same client by their owners.
 */
export class KafkaClients {
  readonly config: KafkaClientConfig;
  readonly kafka: Kafka;
  readonly producer: Producer;
  /** queued publishing to the live topic; sends once the producer is connected */
  readonly livePublisher: KafkaLivePublisher;
  private readonly adminClient: Admin;
  private producerReady: Promise<Producer> | null = null;
  private adminReady: Promise<Admin> | null = null;
  private readonly log: KafkaLog | undefined;

  constructor(opts: KafkaClientsOptions) {
    const { config, log, metrics } = opts;
    this.config = config;
    this.log = log;
    this.kafka = new Kafka({
      clientId: config.clientId,
      brokers: config.brokers,
      ...kafkaClientSecurity(config.kafkaSecurity),
      logLevel: log ? logLevel.WARN : logLevel.NOTHING,
      ...(log
        ? {
            logCreator:
              () =>
              ({ level, log: entry }) => {
                const { message, ...extra } = entry;
                if (level === logLevel.ERROR) log.error({ kafka: extra }, message);
                else if (level === logLevel.WARN) log.warn({ kafka: extra }, message);
                else log.debug({ kafka: extra }, message);
              },
          }
        : {}),
      retry: { initialRetryTime: 300, retries: 10 },
    });
    this.producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: true,
    });
    this.adminClient = this.kafka.admin();
    this.livePublisher = new KafkaLivePublisher(this.producer, config.liveTopic, metrics, (err) =>
      log?.warn({ err }, 'live topic publish failed'),
    );
  }

  /** A consumer of this client (its owner connects, runs and disconnects it). */
  consumer(config: ConsumerConfig): Consumer {
    return this.kafka.consumer(config);
  }

  /** The producer, connected (a failed connect is tried again on the next call). */
  connectProducer(): Promise<Producer> {
    this.producerReady ??= this.producer.connect().then(
      () => this.producer,
      (err: unknown) => {
        this.producerReady = null;
        throw err;
      },
    );
    return this.producerReady;
  }

  /** The admin, connected (a failed connect is tried again on the next call). */
  admin(): Promise<Admin> {
    this.adminReady ??= this.adminClient.connect().then(
      () => this.adminClient,
      (err: unknown) => {
        this.adminReady = null;
        throw err;
      },
    );
    return this.adminReady;
  }

  /**
   * Creates the topics of `topics` that are missing, with `topicPartitions` partitions and the
   * replication of `topicReplication()` (the broker count from DescribeCluster), then waits until
   * every one has leaders that answer (a fresh broker answers NOT_LEADER_FOR_PARTITION for a moment
   * after creating them). Existing topics are left as they are; transient Kafka errors are retried
   * (kafka-retry.ts).
   */
  async ensureTopics(topics: readonly string[], opts: EnsureTopicsOptions = {}): Promise<void> {
    const admin = await this.admin();
    const partitions = this.config.topicPartitions;
    const retry = <T>(what: string, fn: () => Promise<T>) =>
      retryKafka(fn, {
        signal: opts.signal,
        onRetry: (err, attempt, delayMs) => opts.onRetry?.(what, err, attempt, delayMs),
      });
    let replication: ReturnType<typeof topicReplication> | undefined;
    const created = await retry('create topics', async () => {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t));
      if (missing.length === 0) return [];
      replication = topicReplication(this.config, (await admin.describeCluster()).brokers.length);
      const { replicationFactor, minInsync } = replication;
      try {
        await admin.createTopics({
          topics: missing.map((topic) => ({
            topic,
            numPartitions: partitions,
            replicationFactor,
            configEntries: [{ name: 'min.insync.replicas', value: String(minInsync) }],
          })),
          waitForLeaders: true,
        });
      } catch (err) {
        // created concurrently (another collector, the other consumer of this one): fine once they all exist
        const now = new Set(await admin.listTopics());
        if (!missing.every((t) => now.has(t))) throw err;
      }
      return missing;
    });
    if (created.length > 0)
      this.log?.info({ topics: created, partitions, ...replication }, 'created missing Kafka topics');
    for (const t of topics) await retry(`offsets of ${t}`, () => admin.fetchTopicOffsets(t));
  }

  /** Sends what the live publisher has queued, then disconnects the producer and the admin. */
  async close(): Promise<void> {
    await this.livePublisher.close();
    await this.producer.disconnect().catch(() => {});
    await this.adminClient.disconnect().catch(() => {});
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** the collector's Kafka clients (registered when ingest or the live hub uses Kafka) */
    kafka: KafkaClients;
  }
}

export interface KafkaPluginOptions {
  config: CollectorConfig;
  metrics: CollectorMetrics;
}

/**
 * `app.kafka`: the Kafka clients, closed after the plugins registered later (ingest, the live
 * hub) have stopped their consumers. Register it before them.
 */
async function kafkaPlugin(app: FastifyInstance, opts: KafkaPluginOptions): Promise<void> {
  const clients = new KafkaClients({ config: opts.config, metrics: opts.metrics, log: app.log });
  app.decorate('kafka', clients);
  app.addHook('onClose', async () => {
    await clients.close();
  });
}

export default fp(kafkaPlugin, { name: 'podtrail-kafka', fastify: '5.x' });

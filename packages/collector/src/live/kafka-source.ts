import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { KafkaSecurity } from '@podtrail/contracts/kafka-security';
import { type Admin, type Consumer, Kafka, logLevel } from 'kafkajs';
import { retryKafka } from '../ingest/kafka-retry.js';
import { kafkaClientSecurity } from '../kafka-client-security.js';
import type { LiveHub } from './hub.js';

export interface LiveKafkaSourceOptions {
  brokers: string[];
  security?: KafkaSecurity;
  topic: string;
  clientId?: string;
  /** consumer group prefix; a unique suffix per process is added */
  groupPrefix?: string;
  /** partitions when the topic has to be created (default 4) */
  partitions?: number;
  log?: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };
  /** how long start() waits for the group join */
  joinTimeoutMs?: number;
}

/**
 * Reads the live topic into a LiveHub. Every collector process uses its own consumer group
 * (`podtrail-live-<host>-<pid>-<random>`), so each one sees every record. It starts at the end
 * of the topic as it was when start() was called (offsets captured first, then sought after the
 * group join), so nothing produced after start() is missed; the group is deleted on stop().
 */
export class LiveKafkaSource {
  readonly groupId: string;
  private readonly kafka: Kafka;
  private consumer: Consumer | undefined;
  private admin: Admin | undefined;
  messages = 0;
  badMessages = 0;
  /** consumer crashes and failed starts */
  errors = 0;
  /** records behind the end of the live topic, per partition, after the last batch */
  readonly lag = new Map<number, number>();
  /** start offsets are applied on the first join only; later joins resume from committed offsets */
  private seeked = false;
  private stopped = false;
  /** in its group and consuming (false while starting, rejoining, or after a crash) */
  private consuming = false;
  private lastError: string | null = null;

  constructor(
    private readonly hub: LiveHub,
    private readonly opts: LiveKafkaSourceOptions,
  ) {
    const host = hostname()
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 60);
    this.groupId = `${opts.groupPrefix ?? 'podtrail-live'}-${host}-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.kafka = new Kafka({
      clientId: opts.clientId ?? 'podtrail-live',
      brokers: opts.brokers,
      ...kafkaClientSecurity(opts.security),
      logLevel: logLevel.NOTHING,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
    });
  }

  /** Readiness of the live feed: consuming the live topic, or why not. */
  get status(): { ready: boolean; detail: string } {
    if (this.consuming) return { ready: true, detail: 'ok' };
    return { ready: false, detail: this.lastError ? `not consuming: ${this.lastError}` : 'starting' };
  }

  async start(): Promise<void> {
    try {
      await this.doStart();
    } catch (err) {
      this.errors++;
      this.lastError = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  private async doStart(): Promise<void> {
    const admin = this.kafka.admin();
    this.admin = admin;
    // a fresh broker answers NOT_LEADER_FOR_PARTITION for a moment after a topic was created:
    // transient errors are retried here (bounded backoff) instead of failing the start
    const retry = <T>(what: string, fn: () => Promise<T>) =>
      retryKafka(fn, {
        onRetry: (err, attempt, delayMs) => {
          this.lastError = err instanceof Error ? err.message : String(err);
          this.opts.log?.warn({ err: this.lastError, attempt, retryInMs: delayMs }, `live topic: ${what}; retrying`);
        },
      });
    await admin.connect();
    await retry('create', async () => {
      if ((await admin.listTopics()).includes(this.opts.topic)) return;
      try {
        await admin.createTopics({
          topics: [{ topic: this.opts.topic, numPartitions: this.opts.partitions ?? 4 }],
          waitForLeaders: true,
        });
      } catch (err) {
        // created concurrently by someone else (the ingest side, another collector): fine
        if (!(await admin.listTopics()).includes(this.opts.topic)) throw err;
      }
    });
    const startOffsets = await retry('offsets', () => admin.fetchTopicOffsets(this.opts.topic));

    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 3_000,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    let joined: () => void = () => {};
    const joinedP = new Promise<void>((res) => {
      joined = res;
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.consuming = true;
      this.lastError = null;
      if (!this.seeked) {
        this.seeked = true;
        for (const p of startOffsets)
          consumer.seek({ topic: this.opts.topic, partition: p.partition, offset: p.offset });
      }
      joined();
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
      this.lag.set(e.payload.partition, Math.max(0, Number(e.payload.offsetLag) || 0));
    });
    consumer.on(consumer.events.CRASH, (e) => {
      this.errors++;
      this.consuming = false;
      this.lastError = e.payload.error?.message ?? 'consumer crashed';
      this.opts.log?.error({ err: e.payload.error?.message, restart: e.payload.restart }, 'live consumer crashed');
      if (!e.payload.restart && !this.stopped) this.onFatal?.(e.payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.opts.topic, fromBeginning: false });
    await consumer.run({
      // commits on this process's own group let a restarted consumer resume where it stopped
      autoCommit: true,
      autoCommitInterval: 2000,
      eachMessage: async ({ message }) => {
        this.messages++;
        if (!message.value) return;
        let rec: unknown;
        try {
          rec = JSON.parse(message.value.toString('utf8'));
        } catch {
          this.badMessages++;
          return;
        }
        this.hub.publish(rec);
      },
    });
    const timeout = this.opts.joinTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      joinedP,
      new Promise<void>((res) => {
        timer = setTimeout(() => {
          this.opts.log?.warn({ groupId: this.groupId }, 'live consumer has not joined its group yet; continuing');
          res();
        }, timeout);
        timer.unref();
      }),
    ]);
    if (timer) clearTimeout(timer);
    this.opts.log?.info({ groupId: this.groupId, topic: this.opts.topic }, 'live hub consuming');
  }

  /** called when the consumer died for good (the plugin restarts the source) */
  onFatal: ((err: Error) => void) | undefined;

  /** Disconnects the consumer and admin; start() may be called again afterwards. */
  async disconnect(): Promise<void> {
    this.consuming = false;
    try {
      await this.consumer?.disconnect();
    } catch {
      /* closing anyway */
    }
    try {
      await this.admin?.disconnect();
    } catch {
      /* closing anyway */
    }
    this.consumer = undefined;
    this.admin = undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.consuming = false;
    try {
      await this.consumer?.disconnect();
    } catch {
      /* closing anyway */
    }
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      await this.admin.deleteGroups([this.groupId]);
    } catch {
      /* the broker expires the empty group itself */
    }
    try {
      await this.admin?.disconnect();
    } catch {
      /* closing anyway */
    }
  }
}

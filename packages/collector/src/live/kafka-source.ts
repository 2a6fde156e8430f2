import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Backoff, sleep } from '@podtrail/contracts/retry';
import type { Consumer } from 'kafkajs';
import type { KafkaClients } from '../kafka/index.js';
import { retryKafka } from '../kafka/kafka-retry.js';
import type { LiveHub } from './hub.js';

export interface LiveKafkaSourceOptions {
  /** the collector's Kafka clients: the consumer is made from its client, the topic ensured with its admin */
  kafka: KafkaClients;
  topic: string;
  /** consumer group prefix; a unique suffix per process is added */
  groupPrefix?: string;
  log?: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };
  /** how long start() waits for the group join */
  joinTimeoutMs?: number;
}

/** Failed starts are tried again every 5 s (no growth: the live feed should come back soon). */
const RESTART_BACKOFF = { baseMs: 5000, capMs: 5000, jitter: 0 } as const;

/**
 * Reads the live topic into a LiveHub. Every collector process uses its own consumer group
 * (`podtrail-live-<host>-<pid>-<random>`), so each one sees every record. It starts at the end
 * of the topic as it was when start() was called (offsets captured first, then sought after the
 * group join), so nothing produced after start() is missed; the group is deleted on stop().
 */
export class LiveKafkaSource {
  readonly groupId: string;
  private consumer: Consumer | undefined;
  messages = 0;
  badMessages = 0;
  /** consumer crashes and failed starts */
  errors = 0;
  /** records behind the end of the live topic, per partition, after the last batch */
  readonly lag = new Map<number, number>();
  /** start offsets are applied on the first join only; later joins resume from committed offsets */
  private seeked = false;
  private stopped = false;
  private readonly stopCtl = new AbortController();
  /** in its group and consuming (false while starting, rejoining, or after a crash) */
  private consuming = false;
  private lastError: string | null = null;
  /** called when the consumer died for good (run() restarts it) */
  private onFatal: ((err: Error) => void) | undefined;

  constructor(
    private readonly hub: LiveHub,
    private readonly opts: LiveKafkaSourceOptions,
  ) {
    const host = hostname()
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 60);
    this.groupId = `${opts.groupPrefix ?? 'podtrail-live'}-${host}-${process.pid}-${randomBytes(4).toString('hex')}`;
  }

  /** Readiness of the live feed: consuming the live topic, or why not. */
  get status(): { ready: boolean; detail: string } {
    if (this.consuming) return { ready: true, detail: 'ok' };
    return { ready: false, detail: this.lastError ? `not consuming: ${this.lastError}` : 'starting' };
  }

  /**
   * Starts consuming, trying again after RESTART_BACKOFF until it runs or stop(); a consumer that
   * dies later is restarted the same way. Resolves once started (or stopped); never throws.
   */
  run(): Promise<void> {
    const keepStarting = async (): Promise<void> => {
      const backoff = new Backoff(RESTART_BACKOFF);
      while (!this.stopped) {
        try {
          await this.start();
          return;
        } catch (err) {
          this.opts.log?.error({ err }, 'live hub cannot consume the live topic; retrying in 5 s');
          await this.disconnect();
          await sleep(backoff.next(), this.stopCtl.signal);
        }
      }
    };
    this.onFatal = () => {
      void this.disconnect().then(keepStarting);
    };
    return keepStarting();
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
    const { kafka, topic } = this.opts;
    // a fresh broker answers NOT_LEADER_FOR_PARTITION for a moment after a topic was created:
    // transient errors are retried here (bounded backoff) instead of failing the start
    const onRetry = (what: string, err: unknown, attempt: number, delayMs: number) => {
      this.lastError = err instanceof Error ? err.message : String(err);
      this.opts.log?.warn({ err: this.lastError, attempt, retryInMs: delayMs }, `live topic: ${what}; retrying`);
    };
    await kafka.ensureTopics([topic], { onRetry });
    const admin = await kafka.admin();
    const startOffsets = await retryKafka(() => admin.fetchTopicOffsets(topic), {
      onRetry: (err, attempt, delayMs) => onRetry('offsets', err, attempt, delayMs),
    });

    const consumer = kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 3_000,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
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
        for (const p of startOffsets) consumer.seek({ topic, partition: p.partition, offset: p.offset });
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
    await consumer.subscribe({ topic, fromBeginning: false });
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
    this.opts.log?.info({ groupId: this.groupId, topic }, 'live hub consuming');
  }

  /** Disconnects the consumer; start() may be called again afterwards. */
  async disconnect(): Promise<void> {
    this.consuming = false;
    try {
      await this.consumer?.disconnect();
    } catch {
      /* closing anyway */
    }
    this.consumer = undefined;
  }

  /** Stops consuming and deletes this process's group (the admin stays with the Kafka clients). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopCtl.abort();
    await this.disconnect();
    try {
      const admin = await this.opts.kafka.admin();
      await admin.deleteGroups([this.groupId]);
    } catch {
      /* the broker expires the empty group itself */
    }
  }
}

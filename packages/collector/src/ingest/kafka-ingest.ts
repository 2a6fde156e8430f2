import type { OtlpSignal } from '@podtrail/contracts';
import { Backoff, retry, sleep } from '@podtrail/contracts/retry';
import type { FastifyBaseLogger } from 'fastify';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import type { CollectorMetrics } from '../collector-metrics.js';
import type { CollectorConfig } from '../config.js';
import type { KafkaClients } from '../kafka/index.js';
import { retryKafka } from '../kafka/kafka-retry.js';
import { isDataError } from '../store/writer.js';
import { sendDeadLetters } from './dead-letters.js';
import { decodeRecord } from './decode.js';
import type { Decoded, LifecycleOwnership } from './ingest-types.js';
import { CommitNotMade, commitOffset, type OffsetCommit } from './offset-commit.js';
import { refreshPartitionLag } from './partition-lag.js';
import { type PartitionPorts, PartitionProtocol } from './partition-protocol.js';
import type { IngestPipeline } from './pipeline.js';
import { StallWatchdog } from './stall-watchdog.js';
import { parseIntent } from './token.js';

export interface KafkaIngestDeps {
  config: CollectorConfig;
  metrics: CollectorMetrics;
  log: FastifyBaseLogger;
  /** the collector's Kafka clients: ingest's consumer is made from its client */
  kafka: KafkaClients;
  lifecycle?: LifecycleOwnership | undefined;
}

type Batch = { rows: number; rejected: number };

interface PartitionState {
  gen: number;
  protocol: PartitionProtocol<Batch, Decoded<OtlpSignal>>;
}

interface BatchCtx {
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

class Stopped extends Error {
  constructor() {
    super('ingest is stopping');
  }
}

/** Restarts of the consumer: 1 s doubling to 30 s, deterministic. */
const RESTART_BACKOFF = { baseMs: 1000, capMs: 30_000, jitter: 0 } as const;
/** Retries of inserts and dead-letter sends: 0.5 s doubling to 30 s, equal jitter. */
const STORE_RETRY = { baseMs: 500, capMs: 30_000 } as const;
/** Commit errors of a lost group coordinator (kafkajs error names and Kafka error codes). */
const COORDINATOR_GONE = /Connection|BrokerNotFound|RequestTimeout|NOT_COORDINATOR|COORDINATOR_NOT_AVAILABLE/;
/** How long a restart waits for the old consumer to leave (a batch blocked on a dead broker holds it). */
const DISCONNECT_WAIT_MS = 10_000;
/**
 * Kafka -> ClickHouse: the consumer-group side. One consumer group over the spans, metrics and
 * lifecycle topics (joins, crash restarts, pause/resume while the store is down, lag); each
 * partition's batches go through its PartitionProtocol (intent commit, deterministic chunks
 * stored with deduplication tokens, commit: see partition-protocol.ts and token.ts).
 */
export class KafkaIngest {
  private consumer: Consumer | null = null;
  private readonly states = new Map<string, PartitionState>();
  private generation = 0;
  private stopping = false;
  private readonly stopCtl = new AbortController();
  private paused = false;
  private assignment: Record<string, number[]> = {};
  private lagTimer: NodeJS.Timeout | null = null;
  private readonly signals: Map<string, OtlpSignal>;
  /** resolves when the consumer has joined the group at least once */
  readonly joined: Promise<void>;
  private markJoined: () => void = () => {};
  private pipeline: IngestPipeline | null = null;
  private starting: Promise<void> = Promise.resolve();
  /** eachBatch calls in progress (stop waits for them before leaving the group) */
  private readonly active = new Set<Promise<void>>();
  /** the consumer is in its group and fetching (false while starting, rejoining or after a crash) */
  private consuming = false;
  private lastError: string | null = null;
  /** resolved when the consumer died for good (a crash kafkajs does not restart itself) */
  private died: Promise<unknown> = new Promise(() => {});
  private markDied: (err: unknown) => void = () => {};
  /** per assigned partition: last chunk stored or committed, last lag seen */
  private readonly watchdog: StallWatchdog;

  constructor(private readonly deps: KafkaIngestDeps) {
    const { config } = deps;
    this.signals = new Map<string, OtlpSignal>([
      [config.topics.spans, 'traces'],
      [config.topics.metrics, 'metrics'],
      [config.topics.lifecycle, 'logs'],
    ]);
    this.joined = new Promise((r) => {
      this.markJoined = r;
    });
    this.watchdog = new StallWatchdog(config.ingestStallMs);
  }

  /**
   * Readiness: `ready` once the consumer joined its group and runs; false while Kafka is
   * unreachable, topics are being created, the group is rebalancing or after a crash until the
   * consumer is back. `detail` says why.
   */
  get status(): { ready: boolean; detail: string } {
    if (this.consuming) return { ready: true, detail: 'ok' };
    return { ready: false, detail: this.lastError ? `not consuming: ${this.lastError}` : 'joining consumer group' };
  }

  /**
   * Starts the consumer and keeps it running until stop(): a failed start (Kafka down, a fresh
   * broker still electing leaders) and a consumer crash kafkajs does not recover from itself
   * are retried with a bounded backoff (RESTART_BACKOFF). Never throws.
   */
  async run(pipeline: IngestPipeline): Promise<void> {
    const { log } = this.deps;
    const backoff = new Backoff(RESTART_BACKOFF);
    while (!this.stopping) {
      try {
        await this.start(pipeline);
        if (this.stopping) return;
        backoff.reset();
        const err = await Promise.race([this.died, this.stopRequested()]);
        if (this.stopping) return;
        log.error({ err }, 'kafka consumer stopped after an error it does not recover from; restarting it');
        this.deps.lifecycle?.stopConsuming();
        await this.closeConsumer();
        await sleep(backoff.next(), this.stopCtl.signal);
      } catch (err) {
        if (this.stopping) return;
        this.lastError = errorText(err);
        const delay = backoff.next();
        log.error({ err, retryInMs: delay }, 'kafka ingest could not start; retrying');
        await sleep(delay, this.stopCtl.signal);
      }
    }
  }

  private stopRequested(): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopCtl.signal.aborted) return resolve();
      this.stopCtl.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  private async closeConsumer(): Promise<void> {
    this.consuming = false;
    if (this.lagTimer) clearInterval(this.lagTimer);
    this.lagTimer = null;
    const consumer = this.consumer;
    this.consumer = null;
    await Promise.race([consumer?.disconnect().catch(() => {}), sleep(DISCONNECT_WAIT_MS)]);
    this.active.clear(); // a batch still hanging belongs to the abandoned consumer: stop() does not wait for it
  }

  /** Connects and joins the group; on failure the consumer is closed again (retry-safe). */
  start(pipeline: IngestPipeline): Promise<void> {
    this.pipeline = pipeline;
    this.starting = this.doStart().catch(async (err) => {
      await this.closeConsumer();
      throw err;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const { config, log, metrics, kafka } = this.deps;
    if (this.stopping) return;
    await kafka.connectProducer();
    if (this.stopping) return;
    const { topics, liveTopic } = config;
    await kafka.ensureTopics([topics.spans, topics.metrics, topics.lifecycle, topics.deadLetter, liveTopic], {
      signal: this.stopCtl.signal,
      onRetry: (what, err, attempt, delayMs) => this.onKafkaRetry(what, err, attempt, delayMs),
    });
    // Broker-side batching: a fetch waits up to batchMaxMs for ~batchMaxRows worth of data.
    const consumer = kafka.consumer({
      groupId: config.consumerGroup,
      minBytes: Math.min(4 * 1024 * 1024, config.batchMaxRows * 200),
      maxWaitTimeInMs: config.batchMaxMs,
      maxBytesPerPartition: Math.max(1024 * 1024, Math.min(config.maxBodyBytes, 64 * 1024 * 1024)),
      maxBytes: 128 * 1024 * 1024,
      sessionTimeout: config.kafkaSessionTimeoutMs,
      rebalanceTimeout: Math.max(60_000, 2 * config.kafkaSessionTimeoutMs),
      heartbeatInterval: Math.max(500, Math.floor(config.kafkaSessionTimeoutMs / 10)),
      // kafkajs retries a failed fetch loop (all fetchers stop when one broker is gone) with this
      // backoff, silently: capped at 3 s (default 30 s) so a lost broker costs seconds, not minutes
      retry: { initialRetryTime: 300, maxRetryTime: 3_000, retries: 30 },
      // metadata refreshed on a closed connection, not on a refused one: a dead leader stays ≤ 10 s
      metadataMaxAge: 10_000,
    });
    this.consumer = consumer;
    this.died = new Promise((resolve) => {
      this.markDied = resolve;
    });
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      // an abandoned consumer that kafkajs restarted itself: out of the group with it
      if (this.consumer !== consumer) return this.dropAbandoned(consumer, 'rejoined its group');
      this.consuming = true;
      this.lastError = null;
      this.generation++;
      this.states.clear();
      this.assignment = e.payload.memberAssignment;
      this.watchdog.assign(this.assignment);
      log.info({ assignment: e.payload.memberAssignment, generation: this.generation }, 'joined consumer group');
      const lc = this.assignment[config.topics.lifecycle] ?? [];
      void this.onLifecycleAssignment(lc);
      this.markJoined();
    });
    consumer.on(consumer.events.HEARTBEAT, () => this.consumer === consumer && this.watchdog.heartbeat());
    consumer.on(consumer.events.CRASH, (e) => {
      // kafkajs arms its own restart of a crashed consumer right after this event, even when the
      // consumer was disconnected meanwhile (abandoned by a restart of ours): disarmed here
      if (this.consumer !== consumer) return this.dropAbandoned(consumer, 'crashed');
      this.consuming = false;
      this.lastError = errorText(e.payload.error);
      metrics.errors.inc({ kind: 'consumer-crash' });
      log.error({ err: e.payload.error, restart: e.payload.restart }, 'kafka consumer crashed');
      // kafkajs restarts the consumer itself after retriable errors; otherwise run() does
      if (!e.payload.restart) this.markDied(e.payload.error);
    });
    await consumer.connect();
    if (this.stopping) return;
    await consumer.subscribe({
      topics: [config.topics.spans, config.topics.metrics, config.topics.lifecycle],
      fromBeginning: true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: (p) => this.handleBatch(consumer, p),
    });
    this.lagTimer = setInterval(() => {
      this.checkStall();
      void this.refreshLag();
    }, 5_000);
    this.lagTimer.unref();
    log.info({ brokers: config.brokers, group: config.consumerGroup, topics: config.topics }, 'kafka ingest started');
  }

  /** Disconnects a consumer that is no longer ours (after kafkajs armed its restart timer). */
  private dropAbandoned(consumer: Consumer, what: string): void {
    this.deps.log.warn(`an abandoned Kafka consumer ${what}; disconnecting it`);
    setTimeout(() => void consumer.disconnect().catch(() => {}), 0);
  }

  private onKafkaRetry(what: string, err: unknown, attempt: number, delayMs: number): void {
    this.lastError = errorText(err);
    this.deps.log.warn(
      { err: errorText(err), attempt, retryInMs: delayMs },
      `${what}: transient Kafka error; retrying`,
    );
  }

  /** Retries transient Kafka errors (leader elections on a fresh broker) with a bounded backoff. */
  private retryKafka<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return retryKafka(fn, {
      signal: this.stopCtl.signal,
      onRetry: (err, attempt, delayMs) => this.onKafkaRetry(what, err, attempt, delayMs),
    });
  }

  private async onLifecycleAssignment(partitions: number[]): Promise<void> {
    const lc = this.deps.lifecycle;
    if (!lc || !this.consumer) return;
    try {
      const admin = await this.deps.kafka.admin();
      const meta = await this.retryKafka('lifecycle topic metadata', () =>
        admin.fetchTopicMetadata({ topics: [this.deps.config.topics.lifecycle] }),
      );
      const n = meta.topics[0]?.partitions.length ?? 1;
      await lc.onAssignment(partitions, n);
      await this.refreshLag();
    } catch (err) {
      this.deps.log.warn({ err }, 'lifecycle assignment handling failed');
    }
  }

  /**
   * Stall watchdog (stall-watchdog.ts; not while paused for the store): a partition with lag and no
   * progress for `ingestStallMs`, or no heartbeat answered for the session timeout (kafkajs
   * heartbeats from its fetch loop to the coordinator found at join; a loop failing on a dead
   * coordinator commits nothing, so no commit bound fires, and the admin's lag fails too). run()
   * restarts the consumer; its partitions resume from their committed intents.
   */
  private checkStall(): void {
    const { log, metrics, config } = this.deps;
    if (this.paused || this.stopping) return;
    const silentMs = this.watchdog.silentMs();
    const gone = this.consuming && silentMs > config.kafkaSessionTimeoutMs;
    const stalled = this.watchdog.stalled();
    if (!gone && stalled.length === 0) return;
    metrics.errors.inc({ kind: 'consumer-stall' });
    const why = gone ? `no heartbeat answered for ${silentMs} ms` : 'partitions with lag had no batch';
    log.error({ stalled, silentMs }, `kafka consumer stalled: ${why}`);
    this.watchdog.restartClocks();
    this.markDied(new Error(`consumer stalled: ${why} ${JSON.stringify(stalled[0] ?? {})}`));
  }

  /** Lag per assigned partition (partition-lag.ts); a failure is counted, the watchdog keeps the last lag seen. */
  private async refreshLag(): Promise<void> {
    if (!this.consumer || this.stopping) return;
    try {
      await refreshPartitionLag({ ...this.deps, watchdog: this.watchdog }, this.assignment);
    } catch (err) {
      this.deps.metrics.errors.inc({ kind: 'lag-refresh' });
      this.deps.log.debug({ err }, 'lag refresh failed');
    }
  }

  /** A partition's protocol for this generation, with the intent committed for it (if any). */
  private async loadState(topic: string, partition: number, gen: number): Promise<PartitionState> {
    const { config, kafka, log } = this.deps;
    const admin = await kafka.admin();
    const res = await this.retryKafka('committed offsets', () =>
      admin.fetchOffsets({ groupId: config.consumerGroup, topics: [topic] }),
    );
    const p = res[0]?.partitions.find((x) => x.partition === partition);
    const intent = p ? parseIntent(p.offset, p.metadata) : null;
    if (intent) log.info({ topic, partition, intent }, 'resuming an interrupted batch with its intent');
    const protocol = new PartitionProtocol<Batch, Decoded<OtlpSignal>>(
      { topic, partition, maxRows: config.batchMaxRows, maxBytes: config.maxBodyBytes },
      intent,
    );
    return { gen, protocol };
  }

  /** Commits through the consumer that fetched the batch (never a newer one: its generation is not the batch's). */
  private async commit(consumer: Consumer, ctx: BatchCtx, c: OffsetCommit) {
    try {
      await commitOffset(consumer, () => ctx.isRunning(), c);
      this.watchdog.progressed(c.topic, c.partition);
    } catch (err) {
      this.deps.metrics.errors.inc({ kind: 'commit' });
      // kafkajs commits to the coordinator found at join even once it is gone, retrying the batch
      // silently for minutes: a new consumer finds the new coordinator
      const what = `${(err as Error).name} ${(err as { type?: string }).type}`;
      if (consumer === this.consumer && (err instanceof CommitNotMade || COORDINATOR_GONE.test(what)))
        this.markDied(err);
      throw err;
    }
  }

  private handleBatch(consumer: Consumer, p: EachBatchPayload): Promise<void> {
    // a batch of an abandoned consumer (kafkajs restarted it) is not ours to store or commit
    if (consumer !== this.consumer) return Promise.reject(new Error('batch of an abandoned Kafka consumer'));
    const run = this.doHandleBatch(consumer, p);
    this.active.add(run);
    const done = () => this.active.delete(run);
    run.then(done, done);
    return run;
  }

  private async doHandleBatch(consumer: Consumer, p: EachBatchPayload): Promise<void> {
    const { batch } = p;
    if (this.stopping || !p.isRunning() || p.isStale() || batch.messages.length === 0) return;
    const t0 = performance.now();
    const { topic, partition } = batch;
    const signal = this.signals.get(topic);
    if (!signal) return;
    const { config, metrics } = this.deps;
    const key = `${topic}:${partition}`;
    const gen = this.generation;
    let st = this.states.get(key);
    if (!st || st.gen !== gen) {
      st = await this.loadState(topic, partition, gen);
      this.states.set(key, st);
    }
    metrics.messages.inc({ topic }, batch.messages.length);
    await st.protocol.handle(batch.messages, batch.highWatermark, this.ports(consumer, topic, partition, signal, p));
    const high = BigInt(batch.highWatermark);
    const lastOffset = BigInt(batch.lastOffset());
    const lag = high - lastOffset - 1n;
    metrics.lag.set({ topic, partition: String(partition) }, Number(lag > 0n ? lag : 0n));
    if (topic === config.topics.lifecycle) this.deps.lifecycle?.setCaughtUp(partition, lag <= 0n);
    metrics.batchSeconds.observe({ topic }, (performance.now() - t0) / 1000);
  }

  /** The protocol's ports for one batch: this consumer's commits, the pipeline's sink, dead letters. */
  private ports(
    consumer: Consumer,
    topic: string,
    partition: number,
    signal: OtlpSignal,
    p: EachBatchPayload,
  ): PartitionPorts<Batch, Decoded<OtlpSignal>> {
    const { config, metrics, kafka, log } = this.deps;
    const sink = (this.pipeline as IngestPipeline).sink(signal);
    return {
      format: sink,
      decode: (m, maxBytes) => decodeRecord(signal, m.value, m.headers, maxBytes),
      commit: (offset, metadata) => this.commit(consumer, p, { topic, partition, offset, metadata }),
      store: async (batch, token) => {
        const res = await this.retryPausing('insert', p, () => sink.store(batch, token), isDataError);
        this.watchdog.progressed(topic, partition);
        log.debug({ token, rows: batch.rows, generation: this.generation }, 'chunk stored');
        return res;
      },
      deadLetter: async (dead) => {
        await this.retryPausing('dead-letter', p, () =>
          sendDeadLetters(kafka.producer, config.topics.deadLetter, dead),
        );
        for (const d of dead) metrics.deadLettered.inc({ topic, reason: d.reason });
      },
      refused: (n) => metrics.dropped.inc({ signal, reason: 'invalid' }, n),
      resolveOffset: (offset) => p.resolveOffset(offset),
      stopping: () => this.stopping,
      log,
    };
  }

  /**
   * Runs `fn` until it succeeds: STORE_RETRY backoff, consumption paused meanwhile (Kafka keeps
   * the backlog), heartbeats kept. Gives up only when the consumer stops or loses the partition
   * (the batch is then re-delivered with its intent) or `giveUp(err)`.
   */
  private async retryPausing<T>(
    what: string,
    ctx: BatchCtx,
    fn: () => Promise<T>,
    giveUp: (err: unknown) => boolean = () => false,
  ): Promise<T> {
    try {
      return await retry(
        async (attempt) => {
          try {
            const res = await fn();
            if (attempt > 1) this.setHealthy(true, what);
            return res;
          } catch (err) {
            if (!giveUp(err)) {
              this.deps.metrics.errors.inc({ kind: what });
              this.setHealthy(false, what, err, attempt);
            }
            throw err;
          }
        },
        {
          ...STORE_RETRY,
          shouldRetry: (err) => !giveUp(err) && !this.stopping && ctx.isRunning() && !ctx.isStale(),
          afterWait: () => ctx.heartbeat(),
          signal: this.stopCtl.signal,
        },
      );
    } catch (err) {
      if (this.stopping && !giveUp(err)) throw new Stopped();
      throw err;
    }
  }

  private setHealthy(ok: boolean, what: string, err?: unknown, attempt?: number): void {
    const { metrics, log, config } = this.deps;
    if (what === 'insert') metrics.storeUp.set(ok ? 1 : 0);
    if (!ok) log.warn({ err, attempt, what }, `${what} failed; consumption paused, retrying with backoff`);
    else log.info({ what }, `${what} recovered; consumption resumed`);
    const consumer = this.consumer;
    if (!consumer) return;
    const topics = [config.topics.spans, config.topics.metrics, config.topics.lifecycle].map((topic) => ({ topic }));
    if (!ok && !this.paused) {
      this.paused = true;
      consumer.pause(topics);
    } else if (ok && this.paused) {
      this.paused = false;
      this.watchdog.restartClocks(); // the pause was ours: its time is no stall
      consumer.resume(topics);
    }
  }

  /**
   * Graceful stop: the batch in progress finishes (its insert and commit) unless it is stuck
   * retrying, the consumer leaves the group. The Kafka clients (producer, admin, live
   * publisher) belong to the kafka plugin, which closes them after this.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.consuming = false;
    // from here no heartbeat is read: silence is not the pods' (see LifecyclePartitions.stopConsuming)
    this.deps.lifecycle?.stopConsuming();
    if (this.lagTimer) clearInterval(this.lagTimer);
    // let a batch that is merely running finish; a retrying one gives up (its intent stays committed)
    await this.starting.catch(() => {});
    const abortLater = setTimeout(() => this.stopCtl.abort(), 100);
    // batches in progress end at their next chunk boundary and commit what they stored; only
    // then does the consumer leave the group (kafkajs may otherwise leave while they still run)
    await Promise.allSettled([...this.active]);
    try {
      await this.consumer?.disconnect();
    } catch (err) {
      this.deps.log.warn({ err }, 'consumer disconnect failed');
    }
    clearTimeout(abortLater);
    this.stopCtl.abort();
  }
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message !== err.message ? `${err.message} (${cause.message})` : err.message;
}

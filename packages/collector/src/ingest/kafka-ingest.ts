import type { OtlpSignal } from '@podtrail/contracts';
import type { FastifyBaseLogger } from 'fastify';
import {
  type Admin,
  type Consumer,
  type EachBatchPayload,
  Kafka,
  type KafkaMessage,
  logLevel,
  Partitioners,
  type Producer,
} from 'kafkajs';
import type { CollectorConfig } from '../config.js';
import { kafkaClientSecurity } from '../kafka-client-security.js';
import { isDataError } from '../store/writer.js';
import { decodeRecord } from './decode.js';
import type { IngestMetrics } from './ingest-metrics.js';
import type { DeadLetterReason, DecodeResult, LifecycleOwnership } from './ingest-types.js';
import { retryKafka } from './kafka-retry.js';
import type { IngestPipeline, Sink } from './pipeline.js';
import { type DeadLetter, KafkaLivePublisher, sendDeadLetters } from './producers.js';
import { dedupToken, formatIntent, type Intent, parseIntent } from './token.js';

export interface KafkaIngestDeps {
  config: CollectorConfig;
  metrics: IngestMetrics;
  log: FastifyBaseLogger;
  lifecycle?: LifecycleOwnership | undefined;
}

interface PartitionState {
  gen: number;
  intent: Intent | null;
  /** records of an intent range fetched so far, while waiting for the rest */
  pending: KafkaMessage[];
}

interface Chunk {
  sink: Sink<OtlpSignal, { rows: number; rejected: number }>;
  batch: { rows: number; rejected: number };
  msgs: KafkaMessage[];
  items: number;
  dead: DeadLetter[];
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

/**
 * Kafka -> ClickHouse. One consumer group over the spans, metrics and lifecycle topics;
 * per partition batch: intent commit, deterministic chunks inserted with deduplication tokens,
 * commit. See token.ts for why this re-delivers without duplicates.
 */
export class KafkaIngest {
  readonly kafka: Kafka;
  private consumer: Consumer | null = null;
  private readonly producer: Producer;
  private admin: Admin | null = null;
  private readonly live: KafkaLivePublisher;
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

  constructor(private readonly deps: KafkaIngestDeps) {
    const { config, log } = deps;
    this.kafka = new Kafka({
      clientId: config.clientId,
      brokers: config.brokers,
      ...kafkaClientSecurity(config.kafkaSecurity),
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log: entry }) => {
          const { message, ...extra } = entry;
          if (level === logLevel.ERROR) log.error({ kafka: extra }, message);
          else if (level === logLevel.WARN) log.warn({ kafka: extra }, message);
          else log.debug({ kafka: extra }, message);
        },
      retry: { initialRetryTime: 300, retries: 10 },
    });
    this.signals = new Map<string, OtlpSignal>([
      [config.topics.spans, 'traces'],
      [config.topics.metrics, 'metrics'],
      [config.topics.lifecycle, 'logs'],
    ]);
    this.joined = new Promise((r) => {
      this.markJoined = r;
    });
    this.producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: true,
    });
    this.live = new KafkaLivePublisher(this.producer, config.liveTopic, deps.metrics, (err) =>
      log.warn({ err }, 'live topic publish failed'),
    );
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
   * are retried with a bounded backoff (1 s doubling to 30 s). Never throws.
   */
  async run(pipeline: IngestPipeline): Promise<void> {
    const { log } = this.deps;
    let delay = 1000;
    while (!this.stopping) {
      try {
        await this.start(pipeline);
        if (this.stopping) return;
        delay = 1000;
        const err = await Promise.race([this.died, this.stopRequested()]);
        if (this.stopping) return;
        log.error({ err }, 'kafka consumer stopped after an error it does not recover from; restarting it');
        await this.closeConsumer();
      } catch (err) {
        if (this.stopping) return;
        this.lastError = errorText(err);
        log.error({ err, retryInMs: delay }, 'kafka ingest could not start; retrying');
      }
      await this.sleep(delay);
      delay = Math.min(delay * 2, 30_000);
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
    await this.consumer?.disconnect().catch(() => {});
    await this.admin?.disconnect().catch(() => {});
    this.consumer = null;
    this.admin = null;
  }

  /** Queued publishing to the live topic; sends once start() connected the producer. */
  get livePublisher(): KafkaLivePublisher {
    return this.live;
  }

  /** Connects and joins the group; on failure everything opened is closed again (retry-safe). */
  start(pipeline: IngestPipeline): Promise<void> {
    this.pipeline = pipeline;
    this.starting = this.doStart().catch(async (err) => {
      await this.closeConsumer();
      throw err;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const { config, log, metrics } = this.deps;
    if (this.stopping) return;
    await this.producer.connect();
    if (this.stopping) return;
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await this.ensureTopics();
    // Broker-side batching: a fetch waits up to batchMaxMs for ~batchMaxRows worth of data.
    const consumer = this.kafka.consumer({
      groupId: config.consumerGroup,
      minBytes: Math.min(4 * 1024 * 1024, config.batchMaxRows * 200),
      maxWaitTimeInMs: config.batchMaxMs,
      maxBytesPerPartition: Math.max(1024 * 1024, Math.min(config.maxBodyBytes, 64 * 1024 * 1024)),
      maxBytes: 128 * 1024 * 1024,
      sessionTimeout: config.kafkaSessionTimeoutMs,
      rebalanceTimeout: Math.max(60_000, 2 * config.kafkaSessionTimeoutMs),
      heartbeatInterval: Math.max(500, Math.floor(config.kafkaSessionTimeoutMs / 10)),
      retry: { initialRetryTime: 300, retries: 30 },
    });
    this.consumer = consumer;
    this.died = new Promise((resolve) => {
      this.markDied = resolve;
    });
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      this.consuming = true;
      this.lastError = null;
      this.generation++;
      this.states.clear();
      this.assignment = e.payload.memberAssignment;
      log.info({ assignment: e.payload.memberAssignment, generation: this.generation }, 'joined consumer group');
      const lc = this.assignment[config.topics.lifecycle] ?? [];
      void this.onLifecycleAssignment(lc);
      this.markJoined();
    });
    consumer.on(consumer.events.CRASH, (e) => {
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
      eachBatch: (p) => this.handleBatch(p),
    });
    this.lagTimer = setInterval(() => void this.refreshLag(), 5_000);
    this.lagTimer.unref();
    log.info({ brokers: config.brokers, group: config.consumerGroup, topics: config.topics }, 'kafka ingest started');
  }

  /** Retries transient Kafka errors (leader elections on a fresh broker) with a bounded backoff. */
  private retryKafka<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return retryKafka(fn, {
      signal: this.stopCtl.signal,
      onRetry: (err, attempt, delayMs) => {
        this.lastError = errorText(err);
        this.deps.log.warn(
          { err: errorText(err), attempt, retryInMs: delayMs },
          `${what}: transient Kafka error; retrying`,
        );
      },
    });
  }

  /**
   * Creates the topics that are missing (spans, metrics, lifecycle, dead letters, live) with
   * `topicPartitions` partitions, then waits until every topic's partitions have a leader that
   * answers (a fresh broker answers NOT_LEADER_FOR_PARTITION for a moment after creating them).
   * Existing topics are left as they are.
   */
  private async ensureTopics(): Promise<void> {
    const { topics, liveTopic, topicPartitions } = this.deps.config;
    const admin = this.admin as Admin;
    const all = [topics.spans, topics.metrics, topics.lifecycle, topics.deadLetter, liveTopic];
    const created = await this.retryKafka('create topics', async () => {
      const existing = new Set(await admin.listTopics());
      const missing = all.filter((t) => !existing.has(t));
      if (missing.length === 0) return [];
      try {
        await admin.createTopics({
          topics: missing.map((topic) => ({ topic, numPartitions: topicPartitions })),
          waitForLeaders: true,
        });
      } catch (err) {
        // created concurrently (another collector, the live hub): fine once they all exist
        const now = new Set(await admin.listTopics());
        if (!missing.every((t) => now.has(t))) throw err;
      }
      return missing;
    });
    if (created.length > 0)
      this.deps.log.info({ topics: created, partitions: topicPartitions }, 'created missing Kafka topics');
    for (const t of all) await this.retryKafka(`offsets of ${t}`, () => admin.fetchTopicOffsets(t));
  }

  private async onLifecycleAssignment(partitions: number[]): Promise<void> {
    const lc = this.deps.lifecycle;
    if (!lc || !this.admin) return;
    try {
      const admin = this.admin;
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

  /** Lag per assigned partition from committed offsets vs high watermarks (covers idle partitions). */
  private async refreshLag(): Promise<void> {
    const admin = this.admin;
    if (!admin || this.stopping) return;
    const { config, metrics, lifecycle } = this.deps;
    try {
      for (const [topic, partitions] of Object.entries(this.assignment)) {
        if (partitions.length === 0) continue;
        const [high, committed] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId: config.consumerGroup, topics: [topic] }),
        ]);
        const committedBy = new Map(committed[0]?.partitions.map((p) => [p.partition, p.offset]) ?? []);
        for (const p of partitions) {
          const h = high.find((x) => x.partition === p);
          if (!h) continue;
          const c = committedBy.get(p);
          const start = c !== undefined && Number(c) >= 0 ? Number(c) : Number(h.low);
          const lag = Math.max(0, Number(h.high) - start);
          metrics.lag.set({ topic, partition: String(p) }, lag);
          if (topic === config.topics.lifecycle) lifecycle?.setCaughtUp(p, lag === 0);
        }
      }
    } catch (err) {
      this.deps.log.debug({ err }, 'lag refresh failed');
    }
  }

  private async loadState(topic: string, partition: number, gen: number): Promise<PartitionState> {
    const admin = this.admin as Admin;
    const res = await this.retryKafka('committed offsets', () =>
      admin.fetchOffsets({ groupId: this.deps.config.consumerGroup, topics: [topic] }),
    );
    const p = res[0]?.partitions.find((x) => x.partition === partition);
    const intent = p ? parseIntent(p.offset, p.metadata) : null;
    if (intent) this.deps.log.info({ topic, partition, intent }, 'resuming an interrupted batch with its intent');
    return { gen, intent, pending: [] };
  }

  private async commit(topic: string, partition: number, offset: string, metadata: string | null): Promise<void> {
    const consumer = this.consumer as Consumer;
    try {
      await consumer.commitOffsets([{ topic, partition, offset, ...(metadata !== null ? { metadata } : {}) }]);
    } catch (err) {
      this.deps.metrics.errors.inc({ kind: 'commit' });
      throw err;
    }
  }

  private handleBatch(p: EachBatchPayload): Promise<void> {
    const run = this.doHandleBatch(p);
    this.active.add(run);
    const done = () => this.active.delete(run);
    run.then(done, done);
    return run;
  }

  private async doHandleBatch(p: EachBatchPayload): Promise<void> {
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
    let msgs: KafkaMessage[] = batch.messages;
    if (st.pending.length > 0) {
      const lastPending = BigInt((st.pending.at(-1) as KafkaMessage).offset);
      msgs = [...st.pending, ...msgs.filter((m) => BigInt(m.offset) > lastPending)];
      st.pending = [];
    }
    const high = BigInt(batch.highWatermark);

    if (st.intent) {
      // An interrupted chunk (crash, rebalance, failed attempt): store exactly [start, end] again
      // as one chunk with the same token; ClickHouse drops it if it had been inserted.
      const intent = st.intent;
      const end = BigInt(intent.end);
      const last = BigInt((msgs.at(-1) as KafkaMessage).offset);
      if (last < end && high - 1n > last) {
        // not all of the range is in this fetch: keep what we have, fetch more
        st.pending = msgs;
        p.resolveOffset(String(last));
        return;
      }
      const replay = msgs.filter((m) => BigInt(m.offset) <= end);
      msgs = msgs.filter((m) => BigInt(m.offset) > end);
      if (replay.length > 0) {
        const chunk = this.newChunk(signal);
        for (const m of replay) this.addToChunk(chunk, topic, partition, signal, m, intent.maxBytes);
        await this.storeChunk(
          chunk,
          dedupToken(topic, partition, intent.start, intent.end),
          topic,
          partition,
          signal,
          intent.maxBytes,
          p,
        );
      }
      await this.commit(topic, partition, String(end + 1n), null);
      st.intent = null;
      p.resolveOffset(String(end));
    }

    if (msgs.length > 0) await this.processMessages(topic, partition, signal, msgs, st, p);
    const lastOffset = BigInt(batch.lastOffset());
    const lag = high - lastOffset - 1n;
    metrics.lag.set({ topic, partition: String(partition) }, Number(lag > 0n ? lag : 0n));
    if (topic === config.topics.lifecycle) this.deps.lifecycle?.setCaughtUp(partition, lag <= 0n);
    metrics.batchSeconds.observe({ topic }, (performance.now() - t0) / 1000);
  }

  private newChunk(signal: OtlpSignal): Chunk {
    const sink = (this.pipeline as IngestPipeline).sink(signal);
    return { sink, batch: sink.create(), msgs: [], items: 0, dead: [] };
  }

  /** Decodes one record into the chunk (or records why it goes to the dead-letter topic). */
  private addToChunk(
    chunk: Chunk,
    topic: string,
    partition: number,
    signal: OtlpSignal,
    m: KafkaMessage,
    maxBytes: number,
    decoded?: DecodeResult<OtlpSignal>,
  ): void {
    const d = decoded ?? decodeRecord(signal, m.value, m.headers, maxBytes);
    chunk.msgs.push(m);
    if (d.ok) {
      chunk.items += chunk.sink.items(d.req);
      const refused = chunk.sink.add(chunk.batch, d.req);
      if (refused > 0) this.deps.metrics.dropped.inc({ signal, reason: 'invalid' }, refused);
      return;
    }
    this.deps.log.warn(
      { topic, partition, offset: m.offset, reason: d.reason, error: d.error },
      'record dead-lettered',
    );
    chunk.dead.push(deadLetter(d.reason, d.error, topic, partition, m));
  }

  /**
   * Cuts the records into chunks by item count (token.ts planChunks rule, at record boundaries)
   * and stores them in order. Per chunk: commit its intent (this also marks the previous chunk
   * done), insert with its token, dead-letter its poison records. The next chunk is decoded while
   * the current one is being inserted. Ends with a plain commit after the last chunk.
   */
  private async processMessages(
    topic: string,
    partition: number,
    signal: OtlpSignal,
    msgs: KafkaMessage[],
    st: PartitionState,
    ctx: BatchCtx & { resolveOffset(offset: string): void },
  ): Promise<void> {
    const { config } = this.deps;
    const maxRows = config.batchMaxRows;
    const maxBytes = config.maxBodyBytes;
    let cur = this.newChunk(signal);
    let inflight: Promise<void> | null = null;

    const seal = async () => {
      const c = cur;
      cur = this.newChunk(signal);
      const first = (c.msgs[0] as KafkaMessage).offset;
      const last = (c.msgs.at(-1) as KafkaMessage).offset;
      if (inflight) await inflight;
      const intent: Intent = { start: first, end: last, maxRows, maxBytes };
      await this.commit(topic, partition, first, formatIntent(intent));
      st.intent = intent;
      inflight = this.storeChunk(c, dedupToken(topic, partition, first, last), topic, partition, signal, maxBytes, ctx);
      // keep the rejection handled until awaited (no unhandled-rejection warning meanwhile)
      inflight.catch(() => {});
    };

    let last = (msgs.at(-1) as KafkaMessage).offset;
    for (const m of msgs) {
      const d = decodeRecord(signal, m.value, m.headers, maxBytes);
      const n = d.ok ? cur.sink.items(d.req) : 0;
      if (cur.msgs.length > 0 && cur.items > 0 && cur.items + n > maxRows) {
        if (this.stopping) {
          // graceful stop: finish at this chunk boundary, the rest is re-fetched by the next owner
          last = (cur.msgs[0] as KafkaMessage).offset;
          last = String(BigInt(last) - 1n);
          cur = this.newChunk(signal);
          break;
        }
        await seal();
      }
      this.addToChunk(cur, topic, partition, signal, m, maxBytes, d);
    }
    if (cur.msgs.length > 0) await seal();
    if (inflight) await inflight;
    if (BigInt(last) < BigInt((msgs[0] as KafkaMessage).offset)) return; // stopped before the first chunk
    await this.commit(topic, partition, String(BigInt(last) + 1n), null);
    st.intent = null;
    ctx.resolveOffset(last);
  }

  /** Inserts a chunk (retrying), falls back to record-by-record on a data error, dead-letters. */
  private async storeChunk(
    chunk: Chunk,
    token: string,
    topic: string,
    partition: number,
    signal: OtlpSignal,
    maxBytes: number,
    ctx: BatchCtx,
  ): Promise<void> {
    const { sink } = chunk;
    try {
      await this.retry('insert', ctx, () => sink.store(chunk.batch, token), isDataError);
    } catch (err) {
      if (!isDataError(err)) throw err;
      // ClickHouse refused the data itself: store record by record, dead-letter the bad ones.
      this.deps.log.warn({ topic, partition, token, err }, 'chunk refused by ClickHouse; retrying record by record');
      for (const m of chunk.msgs) {
        const d = decodeRecord(signal, m.value, m.headers, maxBytes);
        if (!d.ok) continue;
        const single = sink.create();
        sink.add(single, d.req);
        try {
          await this.retry(
            'insert',
            ctx,
            () => sink.store(single, dedupToken(topic, partition, m.offset, m.offset)),
            isDataError,
          );
        } catch (e) {
          if (!isDataError(e)) throw e;
          chunk.dead.push(deadLetter('rejected-by-store', (e as Error).message, topic, partition, m));
        }
      }
    }
    if (chunk.dead.length > 0) {
      const dead = chunk.dead;
      await this.retry('dead-letter', ctx, () =>
        sendDeadLetters(this.producer, this.deps.config.topics.deadLetter, dead),
      );
      for (const d of dead) this.deps.metrics.deadLettered.inc({ topic, reason: d.reason });
    }
  }

  /**
   * Runs `fn` until it succeeds: exponential backoff (0.5 s .. 30 s, jitter), consumption paused
   * meanwhile (Kafka keeps the backlog), heartbeats kept. Gives up only when the consumer stops
   * or loses the partition (the batch is then re-delivered with its intent) or `giveUp(err)`.
   */
  private async retry<T>(
    what: string,
    ctx: BatchCtx,
    fn: () => Promise<T>,
    giveUp: (err: unknown) => boolean = () => false,
  ): Promise<T> {
    let delay = 500;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fn();
        if (attempt > 1) this.setHealthy(true, what);
        return res;
      } catch (err) {
        if (giveUp(err)) throw err;
        this.deps.metrics.errors.inc({ kind: what });
        this.setHealthy(false, what, err, attempt);
        if (this.stopping) throw new Stopped();
        if (!ctx.isRunning() || ctx.isStale()) throw err;
        await this.sleep(delay * (0.75 + Math.random() * 0.5));
        delay = Math.min(delay * 2, 30_000);
        await ctx.heartbeat();
      }
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
      consumer.resume(topics);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopCtl.signal.aborted) return resolve();
      const t = setTimeout(resolve, ms);
      this.stopCtl.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          resolve();
        },
        { once: true },
      );
    });
  }

  /**
   * Graceful stop: the batch in progress finishes (its insert and commit) unless it is stuck
   * retrying, the consumer leaves the group, queued live records are sent.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.consuming = false;
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
    await this.live.close();
    await this.producer.disconnect().catch(() => {});
    await this.admin?.disconnect().catch(() => {});
  }
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message !== err.message ? `${err.message} (${cause.message})` : err.message;
}

/** The dead-letter record of one consumed message. */
function deadLetter(
  reason: DeadLetterReason,
  error: string,
  topic: string,
  partition: number,
  m: KafkaMessage,
): DeadLetter {
  return { reason, error, topic, partition, offset: m.offset, key: m.key, value: m.value, headers: m.headers };
}

import type { FastifyBaseLogger } from 'fastify';
import type { CollectorMetrics } from '../collector-metrics.js';
import type { CollectorConfig } from '../config.js';
import type { KafkaClients } from '../kafka/index.js';
import type { LifecycleOwnership } from './ingest-types.js';
import type { IngestPipeline } from './pipeline.js';
export interface KafkaIngestDeps {
    config: CollectorConfig;
    metrics: CollectorMetrics;
    log: FastifyBaseLogger;
    /** the collector's Kafka clients: ingest's consumer is made from its client */
    kafka: KafkaClients;
    lifecycle?: LifecycleOwnership | undefined;
}
/**
 * Kafka -> ClickHouse: the consumer-group side. One consumer group over the spans, metrics and
 * lifecycle topics (joins, crash restarts, pause/resume while the store is down, lag); each
 * partition's batches go through its PartitionProtocol (intent commit, deterministic chunks
 * stored with deduplication tokens, commit: see partition-protocol.ts and token.ts).
 */
export declare class KafkaIngest {
    private readonly deps;
    private consumer;
    private readonly states;
    private generation;
    private stopping;
    private readonly stopCtl;
    private paused;
    private assignment;
    private lagTimer;
    private readonly signals;
    /** resolves when the consumer has joined the group at least once */
    readonly joined: Promise<void>;
    private markJoined;
    private pipeline;
    private starting;
    /** eachBatch calls in progress (stop waits for them before leaving the group) */
    private readonly active;
    /** the consumer is in its group and fetching (false while starting, rejoining or after a crash) */
    private consuming;
    private lastError;
    /** resolved when the consumer died for good (a crash kafkajs does not restart itself) */
    private died;
    private markDied;
    /** when a chunk was last stored or committed, the group joined or no lag seen: the stall watchdog's clock */
    private lastProgress;
    /** total lag of the assigned partitions at the last successful lag refresh */
    private lag;
    constructor(deps: KafkaIngestDeps);
    /**
     * Readiness: `ready` once the consumer joined its group and runs; false while Kafka is
     * unreachable, topics are being created, the group is rebalancing or after a crash until the
     * consumer is back. `detail` says why.
     */
    get status(): {
        ready: boolean;
        detail: string;
    };
    /**
     * Starts the consumer and keeps it running until stop(): a failed start (Kafka down, a fresh
     * broker still electing leaders) and a consumer crash kafkajs does not recover from itself
     * are retried with a bounded backoff (RESTART_BACKOFF). Never throws.
     */
    run(pipeline: IngestPipeline): Promise<void>;
    private stopRequested;
    private closeConsumer;
    /** Connects and joins the group; on failure the consumer is closed again (retry-safe). */
    start(pipeline: IngestPipeline): Promise<void>;
    private doStart;
    private onKafkaRetry;
    /** Retries transient Kafka errors (leader elections on a fresh broker) with a bounded backoff. */
    private retryKafka;
    private onLifecycleAssignment;
    /**
     * Stall watchdog: kafkajs may stop fetching after a broker loss without a crash event. Lag seen
     * after the last progress and no progress for `ingestStallMs` (not while paused for the store):
     * run() restarts the consumer; its partitions resume from their committed intents.
     */
    private checkStall;
    /** Lag per assigned partition from committed offsets vs high watermarks (covers idle partitions). */
    private refreshLag;
    /** A partition's protocol for this generation, with the intent committed for it (if any). */
    private loadState;
    /** Commits through the consumer that fetched the batch (never a newer one: its generation is not the batch's). */
    private commit;
    private handleBatch;
    private doHandleBatch;
    /** The protocol's ports for one batch: this consumer's commits, the pipeline's sink, dead letters. */
    private ports;
    /**
     * Runs `fn` until it succeeds: STORE_RETRY backoff, consumption paused meanwhile (Kafka keeps
     * the backlog), heartbeats kept. Gives up only when the consumer stops or loses the partition
     * (the batch is then re-delivered with its intent) or `giveUp(err)`.
     */
    private retryPausing;
    private setHealthy;
    /**
     * Graceful stop: the batch in progress finishes (its insert and commit) unless it is stuck
     * retrying, the consumer leaves the group. The Kafka clients (producer, admin, live
     * publisher) belong to the kafka plugin, which closes them after this.
     */
    stop(): Promise<void>;
}
//# sourceMappingURL=kafka-ingest.d.ts.map
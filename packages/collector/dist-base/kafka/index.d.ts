import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { type Admin, type Consumer, type ConsumerConfig, Kafka, type Producer } from 'kafkajs';
import type { CollectorMetrics } from '../collector-metrics.js';
import type { CollectorConfig } from '../config.js';
import { KafkaLivePublisher } from './live-publisher.js';
/** What the Kafka clients read of the collector configuration. */
export type KafkaClientConfig = Pick<CollectorConfig, 'brokers' | 'kafkaSecurity' | 'clientId' | 'liveTopic' | 'topicPartitions'> & Partial<Pick<CollectorConfig, 'topicReplication' | 'topicMinInsync'>>;
/**
 * Replication of the created topics: as configured, else 3 on a cluster of 3+ brokers and 1 below;
 * `min.insync.replicas` as configured, else one less than the replication factor, at most 2 (one
 * broker may be lost without refusing acks=all writes).
 */
export declare function topicReplication(config: Pick<KafkaClientConfig, 'topicReplication' | 'topicMinInsync'>, brokerCount: number): {
    replicationFactor: number;
    minInsync: number;
};
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
export declare class KafkaClients {
    readonly config: KafkaClientConfig;
    readonly kafka: Kafka;
    readonly producer: Producer;
    /** queued publishing to the live topic; sends once the producer is connected */
    readonly livePublisher: KafkaLivePublisher;
    private readonly adminClient;
    private producerReady;
    private adminReady;
    private readonly log;
    constructor(opts: KafkaClientsOptions);
    /** A consumer of this client (its owner connects, runs and disconnects it). */
    consumer(config: ConsumerConfig): Consumer;
    /** The producer, connected (a failed connect is tried again on the next call). */
    connectProducer(): Promise<Producer>;
    /** The admin, connected (a failed connect is tried again on the next call). */
    admin(): Promise<Admin>;
    /**
     * Creates the topics of `topics` that are missing, with `topicPartitions` partitions and the
     * replication of `topicReplication()` (the broker count from DescribeCluster), then waits until
     * every one has leaders that answer (a fresh broker answers NOT_LEADER_FOR_PARTITION for a moment
     * after creating them). Existing topics are left as they are; transient Kafka errors are retried
     * (kafka-retry.ts).
     */
    ensureTopics(topics: readonly string[], opts?: EnsureTopicsOptions): Promise<void>;
    /** Sends what the live publisher has queued, then disconnects the producer and the admin. */
    close(): Promise<void>;
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
declare function kafkaPlugin(app: FastifyInstance, opts: KafkaPluginOptions): Promise<void>;
declare const _default: typeof kafkaPlugin;
export default _default;
//# sourceMappingURL=index.d.ts.map
import fp from 'fastify-plugin';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { kafkaClientSecurity } from './client-security.js';
import { retryKafka } from './kafka-retry.js';
import { KafkaLivePublisher } from './live-publisher.js';
/**
 * Replication of the created topics: as configured, else 3 on a cluster of 3+ brokers and 1 below;
 * `min.insync.replicas` as configured, else one less than the replication factor, at most 2 (one
 * broker may be lost without refusing acks=all writes).
 */
export function topicReplication(config, brokerCount) {
    const replicationFactor = config.topicReplication ?? (brokerCount >= 3 ? 3 : 1);
    const minInsync = config.topicMinInsync ?? Math.max(1, Math.min(2, replicationFactor - 1));
    if (minInsync > replicationFactor)
        // acks=all writes would all be refused (NOT_ENOUGH_REPLICAS)
        throw new Error(`PODTRAIL_TOPIC_MIN_INSYNC (${minInsync}) exceeds the replication factor (${replicationFactor}) of the topics to create`);
    return { replicationFactor, minInsync };
}
/**
 * The collector's Kafka clients, in one place: one kafkajs client, its one producer (dead
 * letters and the live topic publisher) and its one admin, connected on first use; consumers
 * (ingest's group, the live hub's group) are created from the same client by their owners.
 */
export class KafkaClients {
    config;
    kafka;
    producer;
    /** queued publishing to the live topic; sends once the producer is connected */
    livePublisher;
    adminClient;
    producerReady = null;
    adminReady = null;
    log;
    constructor(opts) {
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
                    logCreator: () => ({ level, log: entry }) => {
                        const { message, ...extra } = entry;
                        if (level === logLevel.ERROR)
                            log.error({ kafka: extra }, message);
                        else if (level === logLevel.WARN)
                            log.warn({ kafka: extra }, message);
                        else
                            log.debug({ kafka: extra }, message);
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
        this.livePublisher = new KafkaLivePublisher(this.producer, config.liveTopic, metrics, (err) => log?.warn({ err }, 'live topic publish failed'));
    }
    /** A consumer of this client (its owner connects, runs and disconnects it). */
    consumer(config) {
        return this.kafka.consumer(config);
    }
    /** The producer, connected (a failed connect is tried again on the next call). */
    connectProducer() {
        this.producerReady ??= this.producer.connect().then(() => this.producer, (err) => {
            this.producerReady = null;
            throw err;
        });
        return this.producerReady;
    }
    /** The admin, connected (a failed connect is tried again on the next call). */
    admin() {
        this.adminReady ??= this.adminClient.connect().then(() => this.adminClient, (err) => {
            this.adminReady = null;
            throw err;
        });
        return this.adminReady;
    }
    /**
     * Creates the topics of `topics` that are missing, with `topicPartitions` partitions and the
     * replication of `topicReplication()` (the broker count from DescribeCluster), then waits until
     * every one has leaders that answer (a fresh broker answers NOT_LEADER_FOR_PARTITION for a moment
     * after creating them). Existing topics are left as they are; transient Kafka errors are retried
     * (kafka-retry.ts).
     */
    async ensureTopics(topics, opts = {}) {
        const admin = await this.admin();
        const partitions = this.config.topicPartitions;
        const retry = (what, fn) => retryKafka(fn, {
            signal: opts.signal,
            onRetry: (err, attempt, delayMs) => opts.onRetry?.(what, err, attempt, delayMs),
        });
        let replication;
        const created = await retry('create topics', async () => {
            const existing = new Set(await admin.listTopics());
            const missing = topics.filter((t) => !existing.has(t));
            if (missing.length === 0)
                return [];
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
            }
            catch (err) {
                // created concurrently (another collector, the other consumer of this one): fine once they all exist
                const now = new Set(await admin.listTopics());
                if (!missing.every((t) => now.has(t)))
                    throw err;
            }
            return missing;
        });
        if (created.length > 0)
            this.log?.info({ topics: created, partitions, ...replication }, 'created missing Kafka topics');
        for (const t of topics)
            await retry(`offsets of ${t}`, () => admin.fetchTopicOffsets(t));
    }
    /** Sends what the live publisher has queued, then disconnects the producer and the admin. */
    async close() {
        await this.livePublisher.close();
        await this.producer.disconnect().catch(() => { });
        await this.adminClient.disconnect().catch(() => { });
    }
}
/**
 * `app.kafka`: the Kafka clients, closed after the plugins registered later (ingest, the live
 * hub) have stopped their consumers. Register it before them.
 */
async function kafkaPlugin(app, opts) {
    const clients = new KafkaClients({ config: opts.config, metrics: opts.metrics, log: app.log });
    app.decorate('kafka', clients);
    app.addHook('onClose', async () => {
        await clients.close();
    });
}
export default fp(kafkaPlugin, { name: 'podtrail-kafka', fastify: '5.x' });
//# sourceMappingURL=index.js.map
import { retry } from '@podtrail/contracts/retry';
/**
 * Retrying Kafka admin calls that fail transiently. On a fresh broker (or right after a topic was
 * created, or during a leader election) calls such as ListOffsets answer
 * `NOT_LEADER_FOR_PARTITION` / `LEADER_NOT_AVAILABLE` for a moment; kafkajs retries some of these
 * itself, but several admin calls (`fetchTopicOffsets`, `createTopics`, `fetchTopicMetadata`)
 * give up at once and throw a `KafkaJSNonRetriableError` whose cause is retriable.
 */
/** kafkajs error names that mean "try again" whatever their `retriable` flag says. */
const RETRIABLE_NAMES = new Set([
    'KafkaJSNumberOfRetriesExceeded',
    'KafkaJSConnectionError',
    'KafkaJSConnectionClosedError',
    'KafkaJSRequestTimeoutError',
    'KafkaJSBrokerNotFound',
    'KafkaJSNoBrokerAvailableError',
    'KafkaJSLockTimeout',
    'KafkaJSTimeout',
    'KafkaJSMetadataNotLoaded',
    'KafkaJSTopicMetadataNotLoaded',
    'KafkaJSGroupCoordinatorNotFound',
    'KafkaJSStaleTopicMetadataAssignment',
]);
/** Protocol error types that are transient on a starting broker (leader/controller elections). */
const RETRIABLE_TYPES = new Set([
    'NOT_LEADER_FOR_PARTITION',
    'NOT_LEADER_OR_FOLLOWER',
    'LEADER_NOT_AVAILABLE',
    'UNKNOWN_TOPIC_OR_PARTITION',
    'NOT_CONTROLLER',
    'REQUEST_TIMED_OUT',
    'COORDINATOR_NOT_AVAILABLE',
    'COORDINATOR_LOAD_IN_PROGRESS',
    'NOT_COORDINATOR',
    'NETWORK_EXCEPTION',
    'KAFKA_STORAGE_ERROR',
    'NOT_ENOUGH_REPLICAS',
    'REBALANCE_IN_PROGRESS',
]);
/**
 * True when the error (or what it wraps) is a transient Kafka condition: a kafkajs error flagged
 * retriable, a protocol error type of a leader/controller/coordinator election, a connection
 * problem, or an aggregate of only such errors (and "topic already exists").
 */
export function isRetriableKafkaError(err) {
    for (let e = err, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
        const o = e;
        if (o.name === 'KafkaJSAggregateError' && Array.isArray(o.errors) && o.errors.length > 0)
            return o.errors.every((x) => x.type === 'TOPIC_ALREADY_EXISTS' || isRetriableKafkaError(x));
        if (o.type && RETRIABLE_TYPES.has(o.type))
            return true;
        if (o.name && RETRIABLE_NAMES.has(o.name))
            return true;
        if (o.name === 'KafkaJSProtocolError' && o.retriable === true)
            return true;
        if (o.code === 'ECONNREFUSED' || o.code === 'ECONNRESET' || o.code === 'ETIMEDOUT')
            return true;
        e = o.cause;
    }
    return false;
}
/** The policy for Kafka admin calls: 12 attempts, 200 ms doubling to 5 s (equal jitter). */
export const KAFKA_RETRY = { attempts: 12, baseMs: 200, capMs: 5000 };
/**
 * Runs `fn` until it succeeds, retrying transient Kafka errors with KAFKA_RETRY (`opts`
 * overrides it). A non-transient error, the last attempt's error or an abort is thrown.
 */
export function retryKafka(fn, opts = {}) {
    return retry(() => fn(), { ...KAFKA_RETRY, ...opts, shouldRetry: isRetriableKafkaError });
}
//# sourceMappingURL=kafka-retry.js.map
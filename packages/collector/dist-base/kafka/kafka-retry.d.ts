import { type RetryOptions } from '@podtrail/contracts/retry';
/**
 * True when the error (or what it wraps) is a transient Kafka condition: a kafkajs error flagged
 * retriable, a protocol error type of a leader/controller/coordinator election, a connection
 * problem, or an aggregate of only such errors (and "topic already exists").
 */
export declare function isRetriableKafkaError(err: unknown): boolean;
/** The policy for Kafka admin calls: 12 attempts, 200 ms doubling to 5 s (equal jitter). */
export declare const KAFKA_RETRY: {
    readonly attempts: 12;
    readonly baseMs: 200;
    readonly capMs: 5000;
};
export type KafkaRetryOptions = Omit<RetryOptions, 'shouldRetry'>;
/**
 * Runs `fn` until it succeeds, retrying transient Kafka errors with KAFKA_RETRY (`opts`
 * overrides it). A non-transient error, the last attempt's error or an abort is thrown.
 */
export declare function retryKafka<T>(fn: () => Promise<T>, opts?: KafkaRetryOptions): Promise<T>;
//# sourceMappingURL=kafka-retry.d.ts.map
import type { LiveRecord } from '@podtrail/contracts';
import type { Producer } from 'kafkajs';
import type { CollectorMetrics } from '../collector-metrics.js';
/** Publishes what ingest stored to the live topic (never blocks ingest). */
export interface LivePublisher {
    publish(record: LiveRecord): void;
}
/**
 * Publishes LiveRecords to the live topic without blocking ingest: records are queued and sent
 * in the background; the queue is bounded (oldest dropped and counted) so a slow broker never
 * grows memory.
 */
export declare class KafkaLivePublisher implements LivePublisher {
    private readonly producer;
    private readonly topic;
    private readonly metrics;
    private readonly onError;
    private readonly maxQueue;
    private queue;
    private sending;
    private closed;
    constructor(producer: Producer, topic: string, metrics: CollectorMetrics, onError: (err: unknown) => void, maxQueue?: number);
    publish(record: LiveRecord): void;
    private drain;
    /** Sends what is queued (used at shutdown). */
    flush(): Promise<void>;
    close(): Promise<void>;
}
//# sourceMappingURL=live-publisher.d.ts.map
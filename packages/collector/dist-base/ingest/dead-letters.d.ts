import type { IHeaders, Producer } from 'kafkajs';
import type { DeadLetterReason } from './ingest-types.js';
/** Headers the collector adds to a dead-lettered record (the original headers are kept too). */
export declare const DLQ_HEADERS: {
    readonly reason: "podtrail-dlq-reason";
    readonly error: "podtrail-dlq-error";
    readonly sourceTopic: "podtrail-dlq-source-topic";
    readonly sourcePartition: "podtrail-dlq-source-partition";
    readonly sourceOffset: "podtrail-dlq-source-offset";
    readonly time: "podtrail-dlq-time";
    /** set when the value was not copied (too large); the original stays at topic/partition/offset */
    readonly valueOmitted: "podtrail-dlq-value-omitted";
};
export interface DeadLetter {
    reason: DeadLetterReason;
    error: string;
    topic: string;
    partition: number;
    offset: string;
    key: Buffer | null;
    value: Buffer | null;
    headers: IHeaders | undefined;
}
export declare function sendDeadLetters(producer: Producer, topic: string, items: DeadLetter[]): Promise<void>;
//# sourceMappingURL=dead-letters.d.ts.map
import type { KafkaMessage } from 'kafkajs';
import type { DeadLetter } from './dead-letters.js';
import type { DeadLetterReason } from './ingest-types.js';
import { type Intent } from './token.js';
/** A consumed record, as the protocol reads it (a kafkajs KafkaMessage is one). */
export type PartitionRecord = Pick<KafkaMessage, 'offset' | 'key' | 'value' | 'headers'>;
/** A record decoded into a request `R`, or why it goes to the dead-letter topic. */
export type RecordDecode<R> = {
    ok: true;
    req: R;
} | {
    ok: false;
    reason: DeadLetterReason;
    error: string;
};
/** How a chunk is built: the batch type of one signal (a pipeline Sink is one). */
export interface ChunkFormat<B, R> {
    create(): B;
    /** items in a request, before validation (deterministic: chunks are cut by this count) */
    items(req: R): number;
    /** adds a request; returns how many of its items were refused */
    add(batch: B, req: R): number;
}
/**
 * What the protocol needs from the outside for one fetched batch. `store` and `deadLetter`
 * retry transient failures themselves; `store` throws a data error (store/writer.ts isDataError)
 * when the store refuses the data itself, any other throw ends the batch with its intent
 * committed (the next attempt or owner replays it).
 */
export interface PartitionPorts<B, R> {
    format: ChunkFormat<B, R>;
    decode(record: PartitionRecord, maxBytes: number): RecordDecode<R>;
    /** commits `offset` (the next record to read) with metadata (an intent) or none */
    commit(offset: string, metadata: string | null): Promise<void>;
    /** inserts a chunk with its deduplication token */
    store(batch: B, token: string): Promise<void>;
    deadLetter(letters: DeadLetter[]): Promise<void>;
    /** records of a decoded request that the batch refused (counted, not stored) */
    refused(count: number): void;
    /** marks records up to `offset` as processed for the consumer */
    resolveOffset(offset: string): void;
    /** true once ingest stops: the batch ends at its next chunk boundary */
    stopping(): boolean;
    log: {
        warn(obj: object, msg: string): void;
    };
}
export interface PartitionOptions {
    topic: string;
    partition: number;
    /** chunk size limit, items */
    maxRows: number;
    /** record size limit, bytes */
    maxBytes: number;
}
/**
 * The exactly-once protocol of one partition (see token.ts for why it re-delivers without
 * duplicates). Per fetched batch: an interrupted intent range is stored again as one chunk with
 * its token (waiting for the rest of the range when the fetch has only part of it), then the
 * records are cut into chunks by item count at record boundaries; per chunk the intent is
 * committed, the chunk stored with its token and its poison records dead-lettered; a plain
 * commit ends the batch. A stop ends a batch at a chunk boundary, committing what was stored.
 * One instance per partition and consumer-group generation (it keeps the intent in force).
 */
export declare class PartitionProtocol<B, R> {
    private readonly o;
    private intent;
    /** records of an intent range fetched so far, while waiting for the rest */
    private pending;
    constructor(o: PartitionOptions, 
    /** the intent committed for this partition when it was assigned (null: none) */
    intent: Intent | null);
    handle(fetched: readonly PartitionRecord[], highWatermark: string, ports: PartitionPorts<B, R>): Promise<void>;
    private newChunk;
    /** Adds one record to the chunk (or records why it goes to the dead-letter topic). */
    private addToChunk;
    /**
     * Cuts the records into chunks by item count (token.ts planChunks rule, at record boundaries)
     * and stores them in order. Per chunk: commit its intent (this also marks the previous chunk
     * done), store it with its token, dead-letter its poison records. The next chunk is decoded
     * while the current one is being stored. Ends with a plain commit after the last chunk.
     */
    private processRecords;
    /** Stores a chunk; on a data error stores it record by record, dead-letters the bad ones. */
    private storeChunk;
    /** The dead-letter record of one consumed record. */
    private deadLetter;
}
//# sourceMappingURL=partition-protocol.d.ts.map
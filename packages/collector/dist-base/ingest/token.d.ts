/**
 * Exactly-once bookkeeping between Kafka offsets and ClickHouse insert deduplication.
 *
 * Per partition, the fetched records are cut into chunks (planChunks: by item count, at record
 * boundaries). For each chunk [first, last]:
 * 1. commit offset `first` with metadata `podtrail-intent/1;end=<last>;rows=..;bytes=..` (the
 *    "intent"; since `first` = previous chunk's last + 1 this also marks the previous chunk done);
 * 2. insert the chunk with `insert_deduplication_token = <topic>:<partition>:<first>-<last>`;
 * 3. after the last chunk of a fetch, commit `last + 1` with empty metadata.
 *
 * After a crash (or a rebalance, or a failed attempt) anywhere in between, the next owner of the
 * partition reads the committed offset and its metadata: with an intent it re-assembles exactly
 * the records [first, end] as one chunk and inserts it with the same token, so ClickHouse drops
 * it if it had been inserted (tables and their materialized-view targets keep a deduplication
 * window). Without the intent, a re-delivered range could be fetched and cut with other
 * boundaries (another fetch size, another PODTRAIL_BATCH_MAX_ROWS) and its chunks would carry new
 * tokens, i.e. duplicates.
 */
export interface Intent {
    /** first offset of the range (= the committed offset carrying the intent) */
    start: string;
    /** last offset of the range, inclusive */
    end: string;
    /** chunk size limit in force when the range was first processed */
    maxRows: number;
    /** record size limit in force when the range was first processed */
    maxBytes: number;
}
export declare const INTENT_PREFIX = "podtrail-intent/1";
export declare function formatIntent(i: Intent): string;
/** Parses committed-offset metadata; null when there is no (valid) intent for `committedOffset`. */
export declare function parseIntent(committedOffset: string, metadata: string | null | undefined): Intent | null;
export declare function dedupToken(topic: string, partition: number, firstOffset: string, lastOffset: string): string;
/**
 * Deterministic chunking: records in order, a new chunk starts when adding the next record would
 * exceed `maxRows` items (a record is never split; a record larger than maxRows is a chunk alone).
 * Returns [startIndex, endIndexExclusive) pairs.
 */
export declare function planChunks(items: readonly number[], maxRows: number): [number, number][];
//# sourceMappingURL=token.d.ts.map
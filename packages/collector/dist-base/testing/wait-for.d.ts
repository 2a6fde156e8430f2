import type { Admin } from 'kafkajs';
/**
 * Bounded polls for the integration tests. A test waits on a fact (a committed offset, a row
 * count, the end of a topic), never on a fixed sleep: an assertion after a sleep also passes when
 * the event was never processed. A wait that times out says what it awaited and what it last saw.
 */
export interface WaitOptions {
    /** what is awaited, for the failure message ("group g to commit topic t up to its end") */
    what: string;
    /** default 60 s */
    timeoutMs?: number;
    /** default 150 ms */
    intervalMs?: number;
}
/** Polls `probe` until `done(value)` holds and returns that value; throws at the deadline. */
export declare function waitForValue<T>(probe: () => T | Promise<T>, done: (value: T) => boolean, opts: WaitOptions): Promise<T>;
export interface PartitionPosition {
    partition: number;
    /** the group's committed offset (0 when it has none) */
    committed: number;
    /** the topic's end offset (high watermark) */
    end: number;
}
/** Per partition of `topic`: the committed offset of `groupId` and the end offset. */
export declare function groupPositions(admin: Admin, groupId: string, topic: string): Promise<PartitionPosition[]>;
/**
 * Waits until `groupId` has committed every partition of `topic` up to its end offset (what was
 * produced before the call is consumed and stored: the collector commits after the insert).
 * Returns the number of records committed (the sum of the end offsets).
 */
export declare function waitForCommittedOffsets(admin: Admin, groupId: string, topic: string, opts?: Partial<WaitOptions>): Promise<number>;
/** Records on `topic` now: the sum over its partitions of end offset minus start offset. */
export declare function topicRecordCount(admin: Admin, topic: string): Promise<number>;
/**
 * Waits until `groupId` has committed, on every partition of `topic`, the end offset the topic had
 * when this was called: every record produced before the call has been consumed and committed.
 * The collector commits a record only once it is stored and its effects are done (a lifecycle
 * record: inserted, applied by the pod lifecycle tracker, the tracker's rows written), so this is
 * the fact to wait on before asserting that a record changed nothing. Unlike
 * waitForCommittedOffsets (above), the target does not move with records produced after the
 * call, so it also holds on a topic still being written (the heartbeats of a running test).
 */
export declare function waitForCommittedUpToEndAsOfNow(admin: Admin, groupId: string, topic: string, opts?: Partial<WaitOptions>): Promise<void>;
//# sourceMappingURL=wait-for.d.ts.map
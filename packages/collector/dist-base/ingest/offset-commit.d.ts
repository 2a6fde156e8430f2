import type { Consumer } from 'kafkajs';
/** A commit kafkajs did not make, or may not have made: the chunk it guards must not be stored. */
export declare class CommitNotMade extends Error {
    constructor(what: string);
}
/** How long a commit may take before it counts as failed (the consumer is then restarted). */
export declare const COMMIT_WAIT_MS = 10000;
export interface OffsetCommit {
    topic: string;
    partition: number;
    /** the next record to read */
    offset: string;
    /** an intent (token.ts), or null */
    metadata: string | null;
}
/**
 * Commits one partition's offset through `consumer` and resolves only when the commit was made.
 * kafkajs 2.2.4 resolves a commit without making it once its consumer stopped running (a restart's
 * disconnect, a crash): a chunk then stored after an intent that was never committed would be cut
 * and stored again, under other tokens, by the partition's next owner. And it commits to the
 * coordinator it found at join, retrying silently for a minute or more once that broker is gone:
 * no answer within `waitMs` is a failure too.
 */
export declare function commitOffset(consumer: Consumer, isRunning: () => boolean, c: OffsetCommit, waitMs?: number): Promise<void>;
//# sourceMappingURL=offset-commit.d.ts.map
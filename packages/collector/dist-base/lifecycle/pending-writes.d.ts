import type { TrackedInstance, TrackedPod } from './tracked.js';
import type { TransitionRow } from './transition-record.js';
/** The tracked entries behind each state table. */
export interface TrackedTables {
    instances: TrackedInstance;
    pods: TrackedPod;
}
/** Dirty entries taken for a write, with the LastSeen each carried when taken. */
export interface DirtyBatch<T> {
    keys: string[];
    entries: T[];
    seen: number[];
}
/**
 * What the state machine changed and the store has not stored yet: `pod_transitions` rows, and
 * the keys of `instances` / `pods` entries to rewrite. Keys, not rows: an entry is written as it
 * is when the write is built, and an entry forgotten meanwhile (its partition revoked) is not
 * written at all. Everything taken for a write is taken *before* the write is awaited (a change
 * applied while it is in flight marks its entry again and the next write carries it) and put
 * back if the write fails.
 */
export declare class PendingWrites {
    private transitions;
    private readonly dirty;
    addTransition(row: TransitionRow): void;
    markDirty(table: keyof TrackedTables, key: string): void;
    isDirty(table: keyof TrackedTables, key: string): boolean;
    isEmpty(): boolean;
    /** The queued transitions, in the order they happened (then queued no more). */
    takeTransitions(): TransitionRow[];
    /** Puts transitions a failed write took back in front of those queued meanwhile. */
    requeueTransitions(rows: TransitionRow[]): void;
    /** Takes the dirty keys of a table with the entries `lookup` still holds for them. */
    takeDirty<K extends keyof TrackedTables>(table: K, lookup: (key: string) => TrackedTables[K] | undefined): DirtyBatch<TrackedTables[K]>;
    /** A failed write: its keys are dirty again. */
    restoreDirty<K extends keyof TrackedTables>(table: K, batch: DirtyBatch<TrackedTables[K]>): void;
    /** A stored write: the next seen-only rewrite is measured from the LastSeen it carried. */
    confirmWritten<K extends keyof TrackedTables>(batch: DirtyBatch<TrackedTables[K]>): void;
}
//# sourceMappingURL=pending-writes.d.ts.map
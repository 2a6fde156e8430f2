/**
 * What the state machine changed and the store has not stored yet: `pod_transitions` rows, and
 * the keys of `instances` / `pods` entries to rewrite. Keys, not rows: an entry is written as it
 * is when the write is built, and an entry forgotten meanwhile (its partition revoked) is not
 * written at all. Everything taken for a write is taken *before* the write is awaited (a change
 * applied while it is in flight marks its entry again and the next write carries it) and put
 * back if the write fails.
 */
export class PendingWrites {
    transitions = [];
    dirty = { instances: new Set(), pods: new Set() };
    addTransition(row) {
        this.transitions.push(row);
    }
    markDirty(table, key) {
        this.dirty[table].add(key);
    }
    isDirty(table, key) {
        return this.dirty[table].has(key);
    }
    isEmpty() {
        return this.transitions.length === 0 && this.dirty.instances.size === 0 && this.dirty.pods.size === 0;
    }
    /** The queued transitions, in the order they happened (then queued no more). */
    takeTransitions() {
        const rows = this.transitions;
        this.transitions = [];
        return rows;
    }
    /** Puts transitions a failed write took back in front of those queued meanwhile. */
    requeueTransitions(rows) {
        this.transitions = rows.concat(this.transitions);
    }
    /** Takes the dirty keys of a table with the entries `lookup` still holds for them. */
    takeDirty(table, lookup) {
        const dirty = this.dirty[table];
        const keys = [...dirty];
        dirty.clear();
        const entries = [];
        for (const k of keys) {
            const e = lookup(k);
            if (e)
                entries.push(e);
        }
        return { keys, entries, seen: entries.map((e) => e.lastSeen) };
    }
    /** A failed write: its keys are dirty again. */
    restoreDirty(table, batch) {
        for (const k of batch.keys)
            this.dirty[table].add(k);
    }
    /** A stored write: the next seen-only rewrite is measured from the LastSeen it carried. */
    confirmWritten(batch) {
        batch.entries.forEach((e, n) => {
            e.lastWrittenSeen = batch.seen[n];
        });
    }
}
//# sourceMappingURL=pending-writes.js.map
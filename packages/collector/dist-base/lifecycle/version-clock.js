/**
 * Versions of `instances` and `pods` rows (ReplacingMergeTree(Version): the highest wins).
 * Strictly increasing: `max(now_ms * 1000, previous + 1)`, so two writes of one row in the same
 * millisecond (a start and a crash applied back to back) or after the clock stepped back still
 * order as they were made. `observe` raises the floor to versions read from the store, so a
 * process whose clock is behind the one that wrote a row (a restart, another collector taking
 * the partition over) still supersedes it. 1000 versions per millisecond before it runs ahead
 * of the clock; a UInt64 (exact in a JS number up to 2^53: year 2255).
 */
export class VersionClock {
    now;
    last = 0;
    constructor(now = Date.now) {
        this.now = now;
    }
    next() {
        const v = Math.max(Math.floor(this.now()) * 1000, this.last + 1);
        this.last = v;
        return v;
    }
    observe(version) {
        const v = Number(version);
        if (Number.isSafeInteger(v) && v > this.last)
            this.last = v;
    }
}
//# sourceMappingURL=version-clock.js.map
/**
 * Versions of `instances` and `pods` rows (ReplacingMergeTree(Version): the highest wins).
 * Strictly increasing: `max(now_ms * 1000, previous + 1)`, so two writes of one row in the same
 * millisecond (a start and a crash applied back to back) or after the clock stepped back still
 * order as they were made. `observe` raises the floor to versions read from the store, so a
 * process whose clock is behind the one that wrote a row (a restart, another collector taking
 * the partition over) still supersedes it. 1000 versions per millisecond before it runs ahead
 * of the clock; a UInt64 (exact in a JS number up to 2^53: year 2255).
 */
export declare class VersionClock {
    private readonly now;
    private last;
    constructor(now?: () => number);
    next(): number;
    observe(version: number | string | undefined | null): void;
}
//# sourceMappingURL=version-clock.d.ts.map
export const DEFAULT_EVENT_TIME_BOUNDS = {
    maxBacklogMs: 7 * 24 * 3_600_000,
    maxSkewMs: 5 * 60_000,
};
/** `ts` clamped to [now - maxBacklogMs, now + maxSkewMs], and which bound it hit (null: none). */
export function clampEventTime(ts, now, bounds) {
    const lo = now - bounds.maxBacklogMs;
    const hi = now + bounds.maxSkewMs;
    if (ts < lo)
        return { ts: lo, clamped: 'past' };
    if (ts > hi)
        return { ts: hi, clamped: 'future' };
    return { ts, clamped: null };
}
/**
 * A sighting with its first and last seen clamped (the same object when neither was), and the
 * bounds each clamped time hit (0, 1 or 2 entries).
 */
export function guardSighting(s, now, bounds) {
    const first = clampEventTime(s.firstSeenMs, now, bounds);
    const last = clampEventTime(s.lastSeenMs, now, bounds);
    const clamped = [];
    if (first.clamped)
        clamped.push(first.clamped);
    if (last.clamped)
        clamped.push(last.clamped);
    if (clamped.length === 0)
        return { sighting: s, clamped };
    return { sighting: { ...s, firstSeenMs: first.ts, lastSeenMs: last.ts }, clamped };
}
//# sourceMappingURL=event-time-guard.js.map
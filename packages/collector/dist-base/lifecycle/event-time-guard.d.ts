import type { InstanceSighting } from '../ingest/spans.js';
/**
 * How far the spans' own times may stray from the collector's clock before lifecycle times stop
 * trusting them. Pods' first / last seen come from their spans' timestamps (a backlog replayed
 * after an outage keeps its real times); a sender with a skewed clock would otherwise make a pod
 * start in 1970 or stay "seen" until next year.
 */
export interface EventTimeBounds {
    /** oldest accepted time: ingest time minus this (PODTRAIL_LIFECYCLE_MAX_BACKLOG_MS) */
    maxBacklogMs: number;
    /** newest accepted time: ingest time plus this (PODTRAIL_LIFECYCLE_MAX_SKEW_MS) */
    maxSkewMs: number;
}
export declare const DEFAULT_EVENT_TIME_BOUNDS: EventTimeBounds;
/** Which bound a time was clamped to. */
export type ClampedBound = 'past' | 'future';
/** `ts` clamped to [now - maxBacklogMs, now + maxSkewMs], and which bound it hit (null: none). */
export declare function clampEventTime(ts: number, now: number, bounds: EventTimeBounds): {
    ts: number;
    clamped: ClampedBound | null;
};
/**
 * A sighting with its first and last seen clamped (the same object when neither was), and the
 * bounds each clamped time hit (0, 1 or 2 entries).
 */
export declare function guardSighting(s: InstanceSighting, now: number, bounds: EventTimeBounds): {
    sighting: InstanceSighting;
    clamped: ClampedBound[];
};
//# sourceMappingURL=event-time-guard.d.ts.map
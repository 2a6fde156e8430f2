import type { InstanceSighting } from '../ingest/spans.js';
/** Span sightings of an unknown instance wait this long for its agent's lifecycle events. */
export declare const SIGHTING_GRACE_MS = 15000;
/** Default bound of the instances waiting for registration (PODTRAIL_LIFECYCLE_MAX_PENDING_PODS). */
export declare const DEFAULT_MAX_PENDING_SPAN_PODS = 100000;
/**
 * Instances seen in spans but not (yet) known to the state machine, waiting out the grace period
 * in which their agent's lifecycle events may still arrive; then registered from their spans. Each
 * keeps the oldest span start and the newest span end of all its sightings, so a pod whose spans
 * arrive over several batches is registered with its whole span of life.
 *
 * Bounded (each entry holds the pod's resource attributes): a sighting that finds the bound
 * reached is refused and counted in `dropped` (the tracker logs it and exports it in /metrics);
 * the pod's next spans offer it again.
 */
export declare class PendingSpanPods {
    private readonly max;
    private readonly waiting;
    /** sightings refused at the bound, since start */
    dropped: number;
    constructor(max?: number);
    get size(): number;
    /** Adds or merges a sighting; false when refused at the bound. */
    offer(s: InstanceSighting, nowLocal: number): boolean;
    /** The instance became known otherwise (a lifecycle event): nothing to register. */
    forget(instanceId: string): void;
    /** Sightings whose grace period is over (taken: each is handed out once), unknown ones only. */
    takeDue(nowLocal: number, isKnown: (instanceId: string) => boolean): InstanceSighting[];
}
//# sourceMappingURL=pending-span-pods.d.ts.map
/** Span sightings of an unknown instance wait this long for its agent's lifecycle events. */
export const SIGHTING_GRACE_MS = 15_000;
/** Default bound of the instances waiting for registration (PODTRAIL_LIFECYCLE_MAX_PENDING_PODS). */
export const DEFAULT_MAX_PENDING_SPAN_PODS = 100_000;
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
export class PendingSpanPods {
    max;
    waiting = new Map();
    /** sightings refused at the bound, since start */
    dropped = 0;
    constructor(max = DEFAULT_MAX_PENDING_SPAN_PODS) {
        this.max = max;
    }
    get size() {
        return this.waiting.size;
    }
    /** Adds or merges a sighting; false when refused at the bound. */
    offer(s, nowLocal) {
        const w = this.waiting.get(s.identity.instanceId);
        if (w) {
            const c = w.sighting;
            if (s.firstSeenMs < c.firstSeenMs)
                c.firstSeenMs = s.firstSeenMs;
            if (s.lastSeenMs > c.lastSeenMs) {
                c.lastSeenMs = s.lastSeenMs;
                c.identity = s.identity;
                c.attributes = s.attributes;
            }
            return true;
        }
        if (this.waiting.size >= this.max) {
            this.dropped++;
            return false;
        }
        this.waiting.set(s.identity.instanceId, { sighting: { ...s }, firstLocal: nowLocal });
        return true;
    }
    /** The instance became known otherwise (a lifecycle event): nothing to register. */
    forget(instanceId) {
        this.waiting.delete(instanceId);
    }
    /** Sightings whose grace period is over (taken: each is handed out once), unknown ones only. */
    takeDue(nowLocal, isKnown) {
        const due = [];
        for (const [instanceId, w] of this.waiting) {
            if (nowLocal - w.firstLocal < SIGHTING_GRACE_MS)
                continue;
            this.waiting.delete(instanceId);
            if (!isKnown(instanceId))
                due.push(w.sighting);
        }
        return due;
    }
}
//# sourceMappingURL=pending-span-pods.js.map
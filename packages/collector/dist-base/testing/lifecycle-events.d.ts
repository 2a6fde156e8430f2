import { LIFECYCLE_EVENTS } from '@podtrail/contracts';
import type { PodIdentity } from '../ingest/identity.js';
import type { LifecycleEvent } from '../ingest/logs.js';
import type { InstanceSighting } from '../ingest/spans.js';
/**
 * Decoded lifecycle events and span sightings for unit tests of the pod lifecycle tracker (what
 * ingest hands the tracker after decoding; the integration tests send the OTLP records instead).
 */
/** The identity of process `instanceId` of pod `podName` (workload `web`, namespace `shop`). */
export declare function podIdentity(podName: string, instanceId: string, extra?: Partial<PodIdentity>): PodIdentity;
/** Another process (instance) of the same pod. */
export declare function restartOf(id: PodIdentity, instanceId: string): PodIdentity;
export type LifecycleEventKind = keyof typeof LIFECYCLE_EVENTS;
export declare function lifecycleEvent(kind: LifecycleEventKind, identity: PodIdentity, tsMs: number, o?: {
    attributes?: Record<string, string>;
    body?: string;
    heartbeatIntervalMs?: number;
}): LifecycleEvent;
/** Spans of an instance from `firstSeenMs` (default: a single instant) to `lastSeenMs`. */
export declare function sighting(identity: PodIdentity, lastSeenMs: number, firstSeenMs?: number): InstanceSighting;
//# sourceMappingURL=lifecycle-events.d.ts.map
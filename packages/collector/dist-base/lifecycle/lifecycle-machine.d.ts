import type { LifecycleEvent } from '../ingest/logs.js';
import type { InstanceSighting } from '../ingest/spans.js';
import type { PodScope } from './partition-ownership.js';
import { PendingSpanPods } from './pending-span-pods.js';
import { type DirtyBatch, PendingWrites, type TrackedTables } from './pending-writes.js';
import { type TrackedInstance, type TrackedPod } from './tracked.js';
export interface LifecycleMachineOptions {
    scope: PodScope;
    vanishHeartbeats: number;
    defaultHeartbeatIntervalMs: number;
    /** instances seen only through spans end after this long without data */
    idleEndMs?: number;
    /** how often LastSeen is re-written while nothing else changes */
    seenWriteMs?: number;
    /** bound of the span-only instances waiting for registration (see PendingSpanPods) */
    maxPendingSpanPods?: number;
    now?: () => number;
}
export { SIGHTING_GRACE_MS } from './pending-span-pods.js';
/** How an instance known only from spans was registered. */
export type SpanRegistration = 'running' | 'ended' | 'known';
/**
 * The pod lifecycle state machine: pods and their instances in memory, changed by lifecycle
 * events, span sightings and the passing of time; what changed comes out as pending writes
 * (dirty `instances` / `pods` keys and `pod_transitions` rows). Synchronous and free of I/O: the
 * tracker loads what the store knows of a pod *before* handing its events over (see
 * PodLifecycleTracker), and writes what is pending after.
 *
 * End states of an instance:
 * - stopped: a stop event (graceful shutdown after a flush);
 * - crashed: a crash event (uncaught exception / unhandled rejection), with the exception;
 * - killed: no heartbeat for `vanishHeartbeats` intervals and no stop event (SIGKILL, OOM kill,
 *   node lost). Detected only on pods whose lifecycle partition is owned and caught up, so a
 *   backlog after a collector restart is not mistaken for silence;
 * - restarted: a new instance started in the same pod while this one was still running (it ended
 *   without saying so).
 * A pod's restart count increments each time a new instance starts in a pod that had one before,
 * whatever the previous instance's end was; the `restarted` transition says how it had ended.
 * Re-delivered events are re-applied idempotently (an event older than what the instance has seen
 * changes nothing); an explicit stop/crash corrects an inferred `killed` / `restarted`.
 */
export declare class LifecycleMachine {
    private readonly o;
    private readonly pods;
    private readonly instances;
    /** what changed and is not stored yet */
    readonly pending: PendingWrites;
    /** span-only instances waiting out their grace period */
    readonly spanPods: PendingSpanPods;
    private readonly now;
    private readonly seenWriteMs;
    private readonly idleEndMs;
    constructor(o: LifecycleMachineOptions);
    instance(instanceId: string): TrackedInstance | undefined;
    pod(namespace: string, podName: string): TrackedPod | undefined;
    /** Adds a pod loaded from the store, unless one is in memory already. */
    adoptPod(pod: TrackedPod): void;
    /** Adds an instance loaded from the store unless it is in memory already; true when added. */
    adoptInstance(inst: TrackedInstance): boolean;
    /** Drops the pods and instances of partitions no longer owned (after a new assignment). */
    forgetUnowned(): void;
    /** Bounds memory: past MAX_INSTANCES, ended instances are forgotten (they stay in the store). */
    forgetEnded(): void;
    counts(): {
        pods: number;
        instances: number;
        running: number;
    };
    /** Takes the dirty entries of a table for a write (see PendingWrites). */
    takeDirty<K extends keyof TrackedTables>(table: K): DirtyBatch<TrackedTables[K]>;
    /**
     * One lifecycle event, in partition order. What the store knows of the event's pod must be in
     * memory already when the instance is not (the tracker loads it first).
     */
    apply(ev: LifecycleEvent): void;
    private onStarted;
    private onHeartbeat;
    /** An instance declared killed for its silence proves alive: running again, a `ready` transition. */
    private resume;
    private onEnded;
    /**
     * Spans reveal pods too, by the spans' own times (bounded by the tracker's clock guard): last
     * seen of known instances; instances without an agent wait (PendingSpanPods), then get registered.
     */
    observe(sightings: Iterable<InstanceSighting>): void;
    /**
     * A span-only instance seen again. Data older than its silence limit (a replayed backlog) moves
     * its times but is no sign of life: the silence clock is not reset, and an instance ended for
     * silence stays ended (at its newer last span). Recent data resets the silence clock, and resumes
     * an instance ended for silence.
     */
    private sightedSpanOnly;
    private seen;
    /** Moves LastSeen of the instance and its pod forward (rewritten every `seenWriteMs`). */
    private advanceSeen;
    /** A new instance: started event, first heartbeat (or end) of an unknown instance, or spans only. */
    private startInstance;
    /**
     * A new instance replaces the pod's current one: that one ends as `restarted` if it was still
     * running. Returns how the previous instance had ended (the restart's reason).
     */
    private endPrevious;
    private transition;
    /** How long an instance may stay silent before it counts as killed. */
    private silenceLimit;
    /**
     * Ends as `killed` the running instances silent for too long on the local clock:
     * `vanishHeartbeats` heartbeat intervals, or for span-only instances at least `idleEndMs`. Only
     * on caught-up pods.
     */
    detectVanished(now: number): void;
    /** Ends a running instance (and its pod) as `killed` at its last sign of life. */
    private kill;
    /**
     * Sightings of unknown instances whose grace period is over (taken: each is handed out once).
     * The tracker loads what the store knows of their pods, then registers those still unknown.
     */
    takeDueSightings(now: number): InstanceSighting[];
    /**
     * An instance known only from spans (no agent lifecycle events), unless known by now: started at
     * its oldest span's start, last seen at its newest span's end. When even that end is older than
     * the silence limit on the local clock (a backlog replayed after an outage), it is registered
     * already ended, `killed` at its last span, rather than live until the limit passes once more.
     */
    registerFromSpans(s: InstanceSighting, now: number): SpanRegistration;
    /** Running instances whose LastSeen moved `seenWriteMs` past the last written one get rewritten. */
    markStaleLastSeen(): void;
}
//# sourceMappingURL=lifecycle-machine.d.ts.map
import { LIFECYCLE_ATTRS, LIFECYCLE_EVENTS } from '@podtrail/contracts';
import type { PodIdentity } from '../ingest/identity.js';
import type { LifecycleEvent } from '../ingest/logs.js';
import type { InstanceSighting } from '../ingest/spans.js';
import { forgetEndedPods } from './forget-ended.js';
import type { LifecycleMachineOptions } from './lifecycle-settings.js';
import { PendingSpanPods } from './pending-span-pods.js';
import { type DirtyBatch, PendingWrites, type TrackedTables } from './pending-writes.js';
import { describeEnd, newInstance, newPod, podKey, shortId, type TrackedInstance, type TrackedPod } from './tracked.js';
import { type TransitionFacts, transitionRow } from './transition-record.js';

export { SIGHTING_GRACE_MS } from './pending-span-pods.js';

/** Ended instances are forgotten (they stay in the store) once memory holds more than this. */
const MAX_INSTANCES = 50_000;
/** Default of `forgetEndedAfterMs`: late events of an ended pod within it need no store look-up. */
export const FORGET_ENDED_AFTER_MS = 10 * 60_000;

/** How an instance known only from spans was registered. */
export type SpanRegistration = 'running' | 'ended' | 'known';

type StartedHow = 'started' | 'heartbeat' | 'spans';

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
export class LifecycleMachine {
  private readonly pods = new Map<string, TrackedPod>();
  private readonly instances = new Map<string, TrackedInstance>();
  /** what changed and is not stored yet */
  readonly pending = new PendingWrites();
  /** span-only instances waiting out their grace period */
  readonly spanPods: PendingSpanPods;
  private readonly now: () => number;
  private readonly seenWriteMs: number;
  private readonly idleEndMs: number;

  constructor(private readonly o: LifecycleMachineOptions) {
    this.now = o.now ?? Date.now;
    this.seenWriteMs = o.seenWriteMs ?? 30_000;
    this.idleEndMs = o.idleEndMs ?? 300_000;
    this.spanPods = new PendingSpanPods(o.maxPendingSpanPods);
  }

  // ---- what is in memory ------------------------------------------------------------------------

  instance(instanceId: string): TrackedInstance | undefined {
    return this.instances.get(instanceId);
  }

  pod(namespace: string, podName: string): TrackedPod | undefined {
    return this.pods.get(podKey(namespace, podName));
  }

  /** Adds a pod loaded from the store, unless one is in memory already. */
  adoptPod(pod: TrackedPod): void {
    const k = podKey(pod.namespace, pod.podName);
    if (!this.pods.has(k)) this.pods.set(k, pod);
  }

  /** Adds an instance loaded from the store unless it is in memory already; true when added. */
  adoptInstance(inst: TrackedInstance): boolean {
    if (this.instances.has(inst.instanceId)) return false;
    this.instances.set(inst.instanceId, inst);
    return true;
  }

  /** Drops the pods and instances of partitions no longer owned (after a new assignment). */
  forgetUnowned(): void {
    const { scope } = this.o;
    for (const [k, p] of this.pods) if (!scope.owns(p.podUid, p.currentInstanceId)) this.pods.delete(k);
    for (const [k, i] of this.instances) if (!scope.owns(i.podUid, i.instanceId)) this.instances.delete(k);
  }

  /**
   * Bounds memory (they stay in the store; a late event of a forgotten pod loads it again): see
   * `forgetEndedPods`. Returns how many pods were forgotten.
   */
  forgetEnded(now = this.now()): number {
    const horizon = now - (this.o.forgetEndedAfterMs ?? FORGET_ENDED_AFTER_MS);
    return forgetEndedPods(this.pods, this.instances, horizon, this.pending, MAX_INSTANCES);
  }

  counts(): { pods: number; instances: number; running: number } {
    let running = 0;
    for (const i of this.instances.values()) if (i.state === 'running') running++;
    return { pods: this.pods.size, instances: this.instances.size, running };
  }

  // ---- pending writes ---------------------------------------------------------------------------

  /** Takes the dirty entries of a table for a write (see PendingWrites). */
  takeDirty<K extends keyof TrackedTables>(table: K): DirtyBatch<TrackedTables[K]> {
    const map = (table === 'instances' ? this.instances : this.pods) as Map<string, TrackedTables[K]>;
    return this.pending.takeDirty(table, (k) => map.get(k));
  }

  // ---- events -----------------------------------------------------------------------------------

  /**
   * One lifecycle event, in partition order. What the store knows of the event's pod must be in
   * memory already when the instance is not (the tracker loads it first).
   */
  apply(ev: LifecycleEvent): void {
    this.spanPods.forget(ev.identity.instanceId);
    switch (ev.name) {
      case LIFECYCLE_EVENTS.started:
        this.onStarted(ev);
        break;
      case LIFECYCLE_EVENTS.stopped:
        this.onEnded(ev, 'stopped');
        break;
      case LIFECYCLE_EVENTS.crashed:
        this.onEnded(ev, 'crashed');
        break;
      default:
        this.onHeartbeat(ev);
    }
  }

  private onStarted(ev: LifecycleEvent): void {
    const id = ev.identity;
    const inst = this.instances.get(id.instanceId);
    if (inst) {
      if (inst.fromSpans) {
        inst.fromSpans = false;
        inst.readyAt ??= ev.tsMs;
        if (ev.tsMs < inst.startedAt) inst.startedAt = ev.tsMs;
        inst.heartbeatMs = ev.heartbeatIntervalMs || inst.heartbeatMs;
        this.pending.markDirty('instances', id.instanceId);
      }
      this.seen(inst, ev.tsMs, ev.heartbeatIntervalMs);
      return; // re-delivered (or already known): nothing new
    }
    this.startInstance(id, ev.resourceAttributes, ev.tsMs, ev.heartbeatIntervalMs, 'started');
  }

  private onHeartbeat(ev: LifecycleEvent): void {
    const id = ev.identity;
    const inst =
      this.instances.get(id.instanceId) ??
      this.startInstance(id, ev.resourceAttributes, ev.tsMs, ev.heartbeatIntervalMs, 'heartbeat');
    if (inst.state === 'killed' && inst.endedAt !== null && ev.tsMs > inst.endedAt)
      // heartbeats resumed after we declared it gone (network partition, paused process)
      this.resume(inst, ev.tsMs, 'heartbeats resumed', 'agent reconnected; heartbeats resumed');
    this.seen(inst, ev.tsMs, ev.heartbeatIntervalMs);
  }

  /** An instance declared killed for its silence proves alive: running again, a `ready` transition. */
  private resume(inst: TrackedInstance, tsMs: number, reason: string, message: string): void {
    inst.state = 'running';
    inst.endedAt = null;
    inst.endReason = '';
    this.pending.markDirty('instances', inst.instanceId);
    const k = podKey(inst.namespace, inst.podName);
    const pod = this.pods.get(k);
    if (pod && pod.currentInstanceId === inst.instanceId) {
      pod.state = 'running';
      pod.endedAt = null;
      pod.endReason = '';
      this.pending.markDirty('pods', k);
    }
    this.transition(inst, { tsMs, transition: 'ready', fromState: 'killed', toState: 'running', reason, message });
  }

  private onEnded(ev: LifecycleEvent, state: 'stopped' | 'crashed'): void {
    const id = ev.identity;
    const inst =
      this.instances.get(id.instanceId) ??
      this.startInstance(id, ev.resourceAttributes, ev.tsMs, ev.heartbeatIntervalMs, 'heartbeat');
    // an explicit end wins over an inferred one (killed / restarted); an identical one is a replay
    if (inst.state === state || ((inst.state === 'stopped' || inst.state === 'crashed') && inst.state !== state)) {
      this.seen(inst, ev.tsMs, 0);
      return;
    }
    const a = ev.attributes;
    const from = inst.state;
    inst.state = state;
    inst.endedAt = ev.tsMs;
    if (ev.tsMs > inst.lastSeen) inst.lastSeen = ev.tsMs;
    let reason: string;
    let message: string;
    if (state === 'stopped') {
      const signal = a[LIFECYCLE_ATTRS.signal] ?? '';
      reason = signal ? `graceful stop (${signal})` : 'graceful stop';
      inst.exitDetail = signal;
      message = `pod stopped gracefully${signal ? ` (${signal})` : ''}`;
    } else {
      const type = a[LIFECYCLE_ATTRS.exceptionType] ?? 'Error';
      const msg = a[LIFECYCLE_ATTRS.exceptionMessage] ?? ev.body ?? '';
      reason = `${type}: ${msg}`.slice(0, 1000);
      inst.exitDetail = a[LIFECYCLE_ATTRS.exceptionStacktrace] ?? '';
      message = `pod crashed: ${reason}`;
    }
    inst.endReason = reason;
    this.pending.markDirty('instances', inst.instanceId);
    const k = podKey(inst.namespace, inst.podName);
    const pod = this.pods.get(k);
    let podFrom: string = from;
    if (pod && pod.currentInstanceId === inst.instanceId) {
      podFrom = pod.state;
      pod.state = state;
      pod.endedAt = ev.tsMs;
      pod.endReason = reason;
      if (ev.tsMs > pod.lastSeen) pod.lastSeen = ev.tsMs;
      this.pending.markDirty('pods', k);
    }
    this.transition(inst, { tsMs: ev.tsMs, transition: state, fromState: podFrom, toState: state, reason, message });
  }

  /**
   * Spans reveal pods too, by the spans' own times (bounded by the tracker's clock guard): last
   * seen of known instances; instances without an agent wait (PendingSpanPods), then get registered.
   */
  observe(sightings: Iterable<InstanceSighting>): void {
    const now = this.now();
    for (const s of sightings) {
      const inst = this.instances.get(s.identity.instanceId);
      if (inst) {
        if (inst.fromSpans) this.sightedSpanOnly(inst, s, now);
        else if (inst.state === 'running') this.seen(inst, s.lastSeenMs, 0);
        continue;
      }
      if (this.o.scope.owns(s.identity.podUid, s.identity.instanceId)) this.spanPods.offer(s, now);
    }
  }

  /**
   * A span-only instance seen again. Data older than its silence limit (a replayed backlog) moves
   * its times but is no sign of life: the silence clock is not reset, and an instance ended for
   * silence stays ended (at its newer last span). Recent data resets the silence clock, and resumes
   * an instance ended for silence.
   */
  private sightedSpanOnly(inst: TrackedInstance, s: InstanceSighting, now: number): void {
    const k = podKey(inst.namespace, inst.podName);
    const pod = this.pods.get(k);
    const current = pod?.currentInstanceId === inst.instanceId ? pod : undefined;
    if (s.firstSeenMs < inst.startedAt) {
      inst.startedAt = s.firstSeenMs;
      this.pending.markDirty('instances', inst.instanceId);
      if (current && current.instanceCount === 1 && s.firstSeenMs < current.firstSeen) {
        current.firstSeen = s.firstSeenMs;
        this.pending.markDirty('pods', k);
      }
    }
    const fresh = now - s.lastSeenMs <= this.silenceLimit(inst);
    if (inst.state === 'running') {
      if (fresh) this.seen(inst, s.lastSeenMs, 0);
      else this.advanceSeen(inst, s.lastSeenMs);
      return;
    }
    if (inst.state !== 'killed' || s.lastSeenMs <= inst.lastSeen) return;
    if (fresh) {
      this.resume(inst, s.lastSeenMs, 'spans resumed', 'data arrived again after the instance was declared gone');
      this.seen(inst, s.lastSeenMs, 0);
      return;
    }
    inst.lastSeen = s.lastSeenMs;
    inst.endedAt = s.lastSeenMs;
    this.pending.markDirty('instances', inst.instanceId);
    if (current) {
      if (s.lastSeenMs > current.lastSeen) current.lastSeen = s.lastSeenMs;
      current.endedAt = s.lastSeenMs;
      this.pending.markDirty('pods', k);
    }
  }

  private seen(inst: TrackedInstance, tsMs: number, heartbeatMs: number): void {
    inst.lastHeardLocal = this.now();
    if (heartbeatMs > 0 && heartbeatMs !== inst.heartbeatMs) {
      inst.heartbeatMs = heartbeatMs;
      this.pending.markDirty('instances', inst.instanceId);
    }
    this.advanceSeen(inst, tsMs);
  }

  /** Moves LastSeen of the instance and its pod forward (rewritten every `seenWriteMs`). */
  private advanceSeen(inst: TrackedInstance, tsMs: number): void {
    if (tsMs > inst.lastSeen) inst.lastSeen = tsMs;
    if (inst.lastSeen - inst.lastWrittenSeen >= this.seenWriteMs) this.pending.markDirty('instances', inst.instanceId);
    const k = podKey(inst.namespace, inst.podName);
    const pod = this.pods.get(k);
    if (pod && tsMs > pod.lastSeen) {
      pod.lastSeen = tsMs;
      if (pod.lastSeen - pod.lastWrittenSeen >= this.seenWriteMs) this.pending.markDirty('pods', k);
    }
  }

  // ---- instances starting -----------------------------------------------------------------------

  /** A new instance: started event, first heartbeat (or end) of an unknown instance, or spans only. */
  private startInstance(
    id: PodIdentity,
    attrs: Record<string, string>,
    tsMs: number,
    heartbeatMs: number,
    how: StartedHow,
  ): TrackedInstance {
    const inst = newInstance(id, attrs, tsMs, heartbeatMs, how === 'spans', this.now());
    this.instances.set(id.instanceId, inst);
    this.pending.markDirty('instances', id.instanceId);
    const k = podKey(id.namespace, id.podName);
    let pod = this.pods.get(k) ?? null;
    if (pod?.podUid && id.podUid && pod.podUid !== id.podUid) {
      // same name, new pod uid (a StatefulSet pod re-created): a new pod, not a restart; its row, of a
      // higher Version, supersedes the old one in every read even under another workload (latest_pod_rows)
      pod = null;
    }
    const agent = `${shortId(id.instanceId)}@${id.podName}${id.hostIp ? ` (${id.hostIp})` : ''}`;
    const suffix =
      how === 'heartbeat'
        ? ' (start event not received; first heartbeat)'
        : how === 'spans'
          ? ' (first data; no agent lifecycle events)'
          : '';
    if (!pod) {
      this.pods.set(k, newPod(id, tsMs));
      this.transition(inst, {
        tsMs,
        transition: 'started',
        fromState: '',
        toState: 'running',
        reason: `first instance${suffix}`,
        message: `pod started; agent connected. Agent: ${agent}`,
      });
    } else {
      // one pod, one workload: an instance whose identity derives another is stored under its pod's
      inst.workload = pod.workload;
      inst.workloadKind = pod.workloadKind;
      const fromState = pod.state;
      const previous = this.endPrevious(pod, id.instanceId);
      pod.instanceCount++;
      pod.restartCount++;
      pod.currentInstanceId = id.instanceId;
      pod.state = 'running';
      pod.endedAt = null;
      pod.endReason = '';
      pod.podUid ||= id.podUid;
      pod.nodeName = id.nodeName || pod.nodeName;
      pod.hostIp = id.hostIp || pod.hostIp;
      if (tsMs > pod.lastSeen) pod.lastSeen = tsMs;
      this.transition(inst, {
        tsMs,
        transition: 'restarted',
        fromState,
        toState: 'running',
        reason: `${previous}${suffix}`,
        message: `pod restarted (restart #${pod.restartCount}); agent connected. Agent: ${agent}`,
      });
    }
    this.pending.markDirty('pods', k);
    return inst;
  }

  /**
   * A new instance replaces the pod's current one: that one ends as `restarted` if it was still
   * running. Returns how the previous instance had ended (the restart's reason).
   */
  private endPrevious(pod: TrackedPod, newInstanceId: string): string {
    const prev = pod.currentInstanceId ? this.instances.get(pod.currentInstanceId) : undefined;
    if (prev && prev.state === 'running' && prev.instanceId !== newInstanceId) {
      prev.state = 'restarted';
      prev.endedAt = prev.lastSeen;
      prev.endReason = `replaced by instance ${shortId(newInstanceId)} without a stop event`;
      this.pending.markDirty('instances', prev.instanceId);
      return `previous instance ${shortId(prev.instanceId)} ended without a stop event (killed or exited abruptly)`;
    }
    if (prev && prev.state !== 'running') return `previous instance ${shortId(prev.instanceId)} ${describeEnd(prev)}`;
    const current = pod.currentInstanceId ? shortId(pod.currentInstanceId) : '?';
    return `previous instance ${current} had ${pod.state === 'running' ? 'not ended' : `ended: ${pod.state}`}`;
  }

  private transition(inst: TrackedInstance, t: TransitionFacts): void {
    this.pending.addTransition(transitionRow(inst, t));
  }

  // ---- the passing of time ----------------------------------------------------------------------

  /** How long an instance may stay silent before it counts as killed. */
  private silenceLimit(inst: TrackedInstance): number {
    const byHeartbeats = this.o.vanishHeartbeats * (inst.heartbeatMs || this.o.defaultHeartbeatIntervalMs);
    return inst.fromSpans ? Math.max(this.idleEndMs, byHeartbeats) : byHeartbeats;
  }

  /**
   * Ends as `killed` the running instances silent for too long on the local clock:
   * `vanishHeartbeats` heartbeat intervals, or for span-only instances at least `idleEndMs`. Only
   * on caught-up pods.
   */
  detectVanished(now: number): void {
    const { scope, vanishHeartbeats } = this.o;
    for (const inst of this.instances.values()) {
      if (inst.state !== 'running') continue;
      if (!scope.owns(inst.podUid, inst.instanceId) || !scope.isCaughtUp(inst.podUid, inst.instanceId)) continue;
      const limit = this.silenceLimit(inst);
      if (now - inst.lastHeardLocal <= limit) continue;
      this.kill(
        inst,
        inst.fromSpans
          ? `no data for ${Math.round(limit / 1000)}s (no agent heartbeats)`
          : `vanished: no heartbeat for ${vanishHeartbeats} intervals (${Math.round(limit / 1000)}s) and no stop event`,
      );
    }
  }

  /** Ends a running instance (and its pod) as `killed` at its last sign of life. */
  private kill(inst: TrackedInstance, reason: string): void {
    inst.state = 'killed';
    inst.endedAt = inst.lastSeen;
    inst.endReason = reason;
    this.pending.markDirty('instances', inst.instanceId);
    const k = podKey(inst.namespace, inst.podName);
    const pod = this.pods.get(k);
    let from: string = 'running';
    if (pod && pod.currentInstanceId === inst.instanceId) {
      from = pod.state;
      pod.state = 'killed';
      pod.endedAt = inst.lastSeen;
      pod.endReason = reason;
      this.pending.markDirty('pods', k);
    }
    this.transition(inst, {
      tsMs: inst.lastSeen,
      transition: 'killed',
      fromState: from,
      toState: 'killed',
      reason,
      message: `pod ${reason}`,
    });
  }

  /**
   * Sightings of unknown instances whose grace period is over (taken: each is handed out once).
   * The tracker loads what the store knows of their pods, then registers those still unknown.
   */
  takeDueSightings(now: number): InstanceSighting[] {
    return this.spanPods.takeDue(now, (id) => this.instances.has(id));
  }

  /**
   * An instance known only from spans (no agent lifecycle events), unless known by now: started at
   * its oldest span's start, last seen at its newest span's end. When even that end is older than
   * the silence limit on the local clock (a backlog replayed after an outage), it is registered
   * already ended, `killed` at its last span, rather than live until the limit passes once more.
   */
  registerFromSpans(s: InstanceSighting, now: number): SpanRegistration {
    if (this.instances.has(s.identity.instanceId)) return 'known';
    const inst = this.startInstance(s.identity, s.attributes, Math.min(s.firstSeenMs, s.lastSeenMs), 0, 'spans');
    inst.lastHeardLocal = now;
    this.advanceSeen(inst, s.lastSeenMs);
    const limit = this.silenceLimit(inst);
    if (now - inst.lastSeen <= limit) return 'running';
    this.kill(inst, `no data for ${Math.round(limit / 1000)}s (no agent heartbeats; its spans arrived late)`);
    return 'ended';
  }

  /** Running instances whose LastSeen moved `seenWriteMs` past the last written one get rewritten. */
  markStaleLastSeen(): void {
    for (const inst of this.instances.values())
      if (
        inst.state === 'running' &&
        inst.lastSeen > inst.lastWrittenSeen &&
        inst.lastSeen - inst.lastWrittenSeen >= this.seenWriteMs
      )
        this.pending.markDirty('instances', inst.instanceId);
  }
}

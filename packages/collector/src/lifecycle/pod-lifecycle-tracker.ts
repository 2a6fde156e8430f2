import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyBaseLogger } from 'fastify';
import type { CollectorMetrics } from '../collector-metrics.js';
import type { PodIdentity } from '../ingest/identity.js';
import type { LifecycleSink } from '../ingest/ingest-types.js';
import type { LifecycleEvent } from '../ingest/logs.js';
import type { InstanceSighting } from '../ingest/spans.js';
import type { LivePublisher } from '../kafka/live-publisher.js';
import type { TableWriter } from '../store/writer.js';
import { DEFAULT_EVENT_TIME_BOUNDS, type EventTimeBounds, guardSighting } from './event-time-guard.js';
import { LifecycleMachine } from './lifecycle-machine.js';
import { instanceFromRow, podFromRow } from './lifecycle-rows.js';
import type { LifecycleMachineSettings } from './lifecycle-settings.js';
import { LifecycleStore } from './lifecycle-store.js';
import { LifecyclePartitions } from './partition-ownership.js';
import type { TrackedTables } from './pending-writes.js';
import { toPodTransition } from './pod-transition.js';
import { podKey } from './tracked.js';

/**
 * Pod lifecycle tracker.
 *
 * Input: lifecycle events in partition order (agent started / heartbeat / stopped / crashed),
 * and "last seen" from spans. Output: `instances` and `pods` rows (ReplacingMergeTree, newest
 * Version wins), `pod_transitions` rows (history: restart counts over any range are a count of
 * `restarted` rows) and a LiveRecord per transition for the dashboard.
 *
 * Composes the state machine (lifecycle-machine.ts: what an event does to a pod), the lifecycle
 * partitions this collector owns (partition-ownership.ts), the store (lifecycle-store.ts: reads,
 * versioned writes) and the live publisher.
 *
 * Ownership with several collectors: the lifecycle topic is keyed by pod uid, so one collector
 * owns each pod; on assignment it loads its running instances from ClickHouse, on revocation it
 * forgets them. Re-delivered events are re-applied idempotently.
 */
export interface TrackerOptions extends LifecycleMachineSettings {
  tables: TableWriter;
  reader: ClickHouseClient;
  database: string;
  /** where stored transitions are published (null: nowhere, e.g. without Kafka) */
  live: LivePublisher | null;
  metrics: CollectorMetrics;
  log: FastifyBaseLogger;
  /** how far span times may stray from the local clock (see event-time-guard.ts) */
  eventTimeBounds?: EventTimeBounds;
  /** pods looked up in one ClickHouse query */
  lookupBatch?: number;
  now?: () => number;
  tickMs?: number;
}

/** Pods looked up in one query by default: a few hundred KB of parameters. */
const LOOKUP_BATCH = 5_000;
/** Pods remembered as absent from the store at most (a cache: beyond, it is emptied). */
const KNOWN_ABSENT_MAX = 10_000;

export class PodLifecycleTracker implements LifecycleSink {
  private readonly partitions = new LifecyclePartitions();
  private readonly machine: LifecycleMachine;
  private readonly store: LifecycleStore;
  /** pods confirmed absent from the store (no need to query again) */
  private readonly knownAbsent = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  /** serialises state changes (events, ticks, ownership changes): see exclusive() */
  private lock: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly bounds: EventTimeBounds;
  /** span-only sightings refused at the pending bound, as last reported */
  private droppedReported = 0;

  constructor(private readonly o: TrackerOptions) {
    this.now = o.now ?? Date.now;
    this.bounds = o.eventTimeBounds ?? DEFAULT_EVENT_TIME_BOUNDS;
    this.machine = new LifecycleMachine({
      scope: this.partitions,
      vanishHeartbeats: o.vanishHeartbeats,
      defaultHeartbeatIntervalMs: o.defaultHeartbeatIntervalMs,
      ...(o.idleEndMs !== undefined ? { idleEndMs: o.idleEndMs } : {}),
      ...(o.seenWriteMs !== undefined ? { seenWriteMs: o.seenWriteMs } : {}),
      ...(o.maxPendingSpanPods !== undefined ? { maxPendingSpanPods: o.maxPendingSpanPods } : {}),
      ...(o.forgetEndedAfterMs !== undefined ? { forgetEndedAfterMs: o.forgetEndedAfterMs } : {}),
      now: this.now,
    });
    this.store = new LifecycleStore({
      tables: o.tables,
      reader: o.reader,
      database: o.database,
      metrics: o.metrics,
      log: o.log,
      now: this.now,
    });
  }

  /**
   * Runs `fn` alone: events, ticks and ownership changes await ClickHouse reads in the middle of
   * a state change (loading a pod seen for the first time), and two of them interleaving there
   * would act on half-made state (an instance registered whose pod is not yet). Writes are not
   * under the lock: flush() takes a snapshot of what is dirty before awaiting the insert.
   */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn);
    this.lock = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  start(): void {
    let ticking = false;
    this.timer = setInterval(() => {
      if (ticking) return;
      ticking = true;
      void this.tick().finally(() => {
        ticking = false;
      });
    }, this.o.tickMs ?? 500);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flushOrReport('at stop');
  }

  // ---- ownership (the Kafka ingest's LifecycleOwnership) ----------------------------------------

  setCaughtUp(partition: number, caughtUp: boolean): void {
    this.partitions.setCaughtUp(partition, caughtUp);
  }

  stopConsuming(): void {
    this.partitions.stopConsuming();
  }

  /**
   * New lifecycle partition assignment: writes what is pending, forgets the pods no longer owned,
   * loads the running ones now owned. If the write fails it is reported and what is pending stays
   * queued for the next flush, as before this split: transitions all, `instances` / `pods` rows
   * only of pods still owned (forgotten entries are not written; their new owner re-applies the
   * uncommitted events and detects silence itself).
   */
  async onAssignment(partitions: number[], numPartitions: number): Promise<void> {
    await this.flushOrReport('before a lifecycle partition assignment');
    await this.exclusive(() => this.assign(partitions, numPartitions));
  }

  private async assign(partitions: number[], numPartitions: number): Promise<void> {
    this.partitions.assign(partitions, numPartitions);
    this.machine.forgetUnowned();
    this.knownAbsent.clear();
    await this.loadRunning();
  }

  private async loadRunning(): Promise<void> {
    const insts = await this.store.runningInstances();
    const now = this.now();
    let n = 0;
    for (const r of insts) {
      if (!this.partitions.owns(r.PodUid, r.InstanceId)) continue;
      if (this.machine.adoptInstance(instanceFromRow(r, now))) n++;
    }
    const pods = await this.store.runningPods();
    for (const r of pods) if (this.partitions.owns(r.PodUid, r.CurrentInstanceId)) this.machine.adoptPod(podFromRow(r));
    this.o.log.info({ instances: n, owned: this.partitions.ownedPartitions() ?? [] }, 'lifecycle state loaded');
  }

  /**
   * Before the machine acts on instances it does not know: their pods and recent instances from
   * the store, the first time each pod is heard of (remembered when the store has none). Many pods
   * at once (a backlog, a fan-out, a rollout) cost one query per `lookupBatch` pods, not one each.
   */
  private async loadPodsOf(ids: Iterable<PodIdentity>): Promise<void> {
    const wanted = new Map<string, [string, string]>();
    for (const id of ids) {
      if (this.machine.instance(id.instanceId)) continue;
      const k = podKey(id.namespace, id.podName);
      if (wanted.has(k) || this.knownAbsent.has(k) || this.machine.pod(id.namespace, id.podName)) continue;
      wanted.set(k, [id.namespace, id.podName]);
    }
    const keys = [...wanted.values()];
    const size = this.o.lookupBatch ?? LOOKUP_BATCH;
    for (let i = 0; i < keys.length; i += size) {
      const chunk = keys.slice(i, i + size);
      this.o.metrics.podLookups.inc();
      const rows = await this.store.pods(chunk);
      const found: [string, string][] = [];
      for (const row of rows) {
        // (defensive: state changes are serialised, but never replace a pod that appeared meanwhile)
        if (this.machine.pod(row.Namespace, row.PodName)) continue;
        this.machine.adoptPod(podFromRow(row));
        found.push([row.Namespace, row.PodName]);
      }
      const present = new Set(rows.map((r) => podKey(r.Namespace, r.PodName)));
      for (const [ns, pod] of chunk) if (!present.has(podKey(ns, pod))) this.knownAbsent.add(podKey(ns, pod));
      if (found.length === 0) continue;
      this.o.metrics.podLookups.inc();
      const now = this.now();
      for (const r of await this.store.podsInstances(found)) this.machine.adoptInstance(instanceFromRow(r, now));
    }
  }

  // ---- events -----------------------------------------------------------------------------------

  async apply(events: LifecycleEvent[]): Promise<void> {
    await this.exclusive(async () => {
      await this.loadPodsOf(events.map((ev) => ev.identity));
      for (const ev of events) {
        this.machine.apply(ev);
        this.knownAbsent.delete(podKey(ev.identity.namespace, ev.identity.podName));
      }
    });
    await this.flush();
  }

  /**
   * Pods seen in stored spans, by the spans' own times, each clamped to the clock guard's bounds
   * (counted in `podtrail_lifecycle_times_clamped_total`).
   */
  observe(sightings: Iterable<InstanceSighting>): void {
    const now = this.now();
    const guarded: InstanceSighting[] = [];
    for (const s of sightings) {
      const g = guardSighting(s, now, this.bounds);
      for (const bound of g.clamped) this.o.metrics.timesClamped.inc({ bound });
      guarded.push(g.sighting);
    }
    this.machine.observe(guarded);
    this.o.metrics.pendingSpanPods.set(this.machine.spanPods.size);
  }

  // ---- periodic: vanish detection, span-only pods, LastSeen refresh -----------------------------

  /** One periodic pass, then a flush. Failures are logged (a failed flush also counted). */
  async tick(): Promise<void> {
    try {
      await this.exclusive(() => this.checkInstances());
    } catch (err) {
      this.o.log.warn({ err }, 'lifecycle tick failed');
      return;
    }
    if (await this.flushOrReport('in the periodic tick')) this.forgetEnded();
  }

  /**
   * Ended pods leave memory after the horizon (lifecycle-machine.ts forgetEnded); the pods known
   * to be absent from the store are a cache of look-ups, emptied when it outgrows the pods in memory.
   */
  private forgetEnded(): void {
    this.machine.forgetEnded(this.now());
    if (this.knownAbsent.size > KNOWN_ABSENT_MAX) this.knownAbsent.clear();
  }

  private async checkInstances(): Promise<void> {
    const now = this.now();
    this.machine.detectVanished(now);
    const due = this.machine.takeDueSightings(now);
    if (due.length > 0) {
      await this.loadPodsOf(due.map((s) => s.identity));
      for (const s of due) {
        const how = this.machine.registerFromSpans(s, now);
        // known from the store (e.g. seen before a restart): the sighting still moves its times
        if (how === 'known') this.machine.observe([s]);
        else this.o.metrics.spanPodsRegistered.inc({ state: how });
        this.knownAbsent.delete(podKey(s.identity.namespace, s.identity.podName));
      }
    }
    this.reportDropped();
    this.machine.markStaleLastSeen();
  }

  /** Sightings refused at the pending bound since the last tick: counted in /metrics and logged. */
  private reportDropped(): void {
    const { spanPods } = this.machine;
    this.o.metrics.pendingSpanPods.set(spanPods.size);
    const n = spanPods.dropped - this.droppedReported;
    if (n === 0) return;
    this.droppedReported = spanPods.dropped;
    this.o.metrics.pendingSpanPodsDropped.inc(n);
    this.o.log.warn(
      { dropped: n, pending: spanPods.size },
      'span-only pods not queued for registration: pending bound reached (PODTRAIL_LIFECYCLE_MAX_PENDING_PODS); their next spans offer them again',
    );
  }

  // ---- writes -----------------------------------------------------------------------------------

  /** Writes pending transitions and changed rows; on failure they stay pending (retried). */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.writePending());
    this.flushing = run.catch(() => {});
    return run;
  }

  /**
   * A flush whose failure is not the caller's to handle: logged, counted in
   * `podtrail_ingest_errors_total{kind="lifecycle-flush"}`; what was pending stays queued and the
   * next flush (the next tick or batch) writes it. Returns whether the flush succeeded.
   */
  private async flushOrReport(when: string): Promise<boolean> {
    try {
      await this.flush();
      return true;
    } catch (err) {
      this.o.metrics.errors.inc({ kind: 'lifecycle-flush' });
      this.o.log.warn({ err }, `lifecycle flush ${when} failed`);
      return false;
    }
  }

  /**
   * Takes what is pending *before* awaiting the insert (events applied meanwhile queue new rows
   * that the next flush writes: clearing the dirty marks after the insert would lose them, e.g.
   * a crash applied while the start of the same pod was being written), and puts it back if the
   * insert fails. Each row gets its version when it is built, from the state at that moment, and
   * flushes run one at a time, so a later state always carries a higher version.
   */
  private async writePending(): Promise<void> {
    const transitions = this.machine.pending.takeTransitions();
    if (transitions.length > 0) {
      let stored: typeof transitions;
      try {
        stored = await this.store.insertTransitions(transitions);
      } catch (err) {
        this.machine.pending.requeueTransitions(transitions);
        throw err;
      }
      for (const row of stored) {
        this.o.metrics.transitions.inc({ transition: row.Transition });
        this.o.live?.publish({ kind: 'transition', event: toPodTransition(row) });
      }
    }
    await this.writeDirty('instances', (e) => this.store.insertInstances(e));
    await this.writeDirty('pods', (e) => this.store.insertPods(e));
  }

  /** Writes the dirty rows of a table (same take-then-restore rule as above). */
  private async writeDirty<K extends keyof TrackedTables>(
    table: K,
    insert: (entries: TrackedTables[K][]) => Promise<void>,
  ): Promise<void> {
    const batch = this.machine.takeDirty(table);
    if (batch.keys.length === 0) return;
    try {
      await insert(batch.entries);
    } catch (err) {
      this.machine.pending.restoreDirty(table, batch);
      throw err;
    }
    this.machine.pending.confirmWritten(batch);
  }

  /** Snapshot for tests and /metrics-style introspection. */
  snapshot(): { pods: number; instances: number; running: number } {
    return this.machine.counts();
  }

  /** Entries of every map the tracker keeps (tests of its memory bound). */
  memory(): {
    pods: number;
    instances: number;
    running: number;
    pendingSpanPods: number;
    knownAbsent: number;
    pendingWrites: boolean;
  } {
    return {
      ...this.machine.counts(),
      pendingSpanPods: this.machine.spanPods.size,
      knownAbsent: this.knownAbsent.size,
      pendingWrites: !this.machine.pending.isEmpty(),
    };
  }
}

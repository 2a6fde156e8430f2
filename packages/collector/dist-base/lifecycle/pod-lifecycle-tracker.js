import { DEFAULT_EVENT_TIME_BOUNDS, guardSighting } from './event-time-guard.js';
import { LifecycleMachine } from './lifecycle-machine.js';
import { instanceFromRow, podFromRow } from './lifecycle-rows.js';
import { LifecycleStore } from './lifecycle-store.js';
import { LifecyclePartitions } from './partition-ownership.js';
import { toPodTransition } from './pod-transition.js';
import { podKey } from './tracked.js';
/** Pods looked up in one query by default: a few hundred KB of parameters. */
const LOOKUP_BATCH = 5_000;
export class PodLifecycleTracker {
    o;
    partitions = new LifecyclePartitions();
    machine;
    store;
    /** pods confirmed absent from the store (no need to query again) */
    knownAbsent = new Set();
    timer = null;
    flushing = Promise.resolve();
    /** serialises state changes (events, ticks, ownership changes): see exclusive() */
    lock = Promise.resolve();
    now;
    bounds;
    /** span-only sightings refused at the pending bound, as last reported */
    droppedReported = 0;
    constructor(o) {
        this.o = o;
        this.now = o.now ?? Date.now;
        this.bounds = o.eventTimeBounds ?? DEFAULT_EVENT_TIME_BOUNDS;
        this.machine = new LifecycleMachine({
            scope: this.partitions,
            vanishHeartbeats: o.vanishHeartbeats,
            defaultHeartbeatIntervalMs: o.defaultHeartbeatIntervalMs,
            ...(o.idleEndMs !== undefined ? { idleEndMs: o.idleEndMs } : {}),
            ...(o.seenWriteMs !== undefined ? { seenWriteMs: o.seenWriteMs } : {}),
            ...(o.maxPendingSpanPods !== undefined ? { maxPendingSpanPods: o.maxPendingSpanPods } : {}),
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
    exclusive(fn) {
        const run = this.lock.then(fn);
        this.lock = run.then(() => { }, () => { });
        return run;
    }
    start() {
        let ticking = false;
        this.timer = setInterval(() => {
            if (ticking)
                return;
            ticking = true;
            void this.tick().finally(() => {
                ticking = false;
            });
        }, this.o.tickMs ?? 500);
        this.timer.unref();
    }
    async stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = null;
        await this.flushOrReport('at stop');
    }
    // ---- ownership (the Kafka ingest's LifecycleOwnership) ----------------------------------------
    setCaughtUp(partition, caughtUp) {
        this.partitions.setCaughtUp(partition, caughtUp);
    }
    /**
     * New lifecycle partition assignment: writes what is pending, forgets the pods no longer owned,
     * loads the running ones now owned. If the write fails it is reported and what is pending stays
     * queued for the next flush, as before this split: transitions all, `instances` / `pods` rows
     * only of pods still owned (forgotten entries are not written; their new owner re-applies the
     * uncommitted events and detects silence itself).
     */
    async onAssignment(partitions, numPartitions) {
        await this.flushOrReport('before a lifecycle partition assignment');
        await this.exclusive(() => this.assign(partitions, numPartitions));
    }
    async assign(partitions, numPartitions) {
        this.partitions.assign(partitions, numPartitions);
        this.machine.forgetUnowned();
        this.knownAbsent.clear();
        await this.loadRunning();
    }
    async loadRunning() {
        const insts = await this.store.runningInstances();
        const now = this.now();
        let n = 0;
        for (const r of insts) {
            if (!this.partitions.owns(r.PodUid, r.InstanceId))
                continue;
            if (this.machine.adoptInstance(instanceFromRow(r, now)))
                n++;
        }
        const pods = await this.store.runningPods();
        for (const r of pods)
            if (this.partitions.owns(r.PodUid, r.CurrentInstanceId))
                this.machine.adoptPod(podFromRow(r));
        this.o.log.info({ instances: n, owned: this.partitions.ownedPartitions() ?? [] }, 'lifecycle state loaded');
    }
    /**
     * Before the machine acts on instances it does not know: their pods and recent instances from
     * the store, the first time each pod is heard of (remembered when the store has none). Many pods
     * at once (a backlog, a fan-out, a rollout) cost one query per `lookupBatch` pods, not one each.
     */
    async loadPodsOf(ids) {
        const wanted = new Map();
        for (const id of ids) {
            if (this.machine.instance(id.instanceId))
                continue;
            const k = podKey(id.namespace, id.podName);
            if (wanted.has(k) || this.knownAbsent.has(k) || this.machine.pod(id.namespace, id.podName))
                continue;
            wanted.set(k, [id.namespace, id.podName]);
        }
        const keys = [...wanted.values()];
        const size = this.o.lookupBatch ?? LOOKUP_BATCH;
        for (let i = 0; i < keys.length; i += size) {
            const chunk = keys.slice(i, i + size);
            this.o.metrics.podLookups.inc();
            const rows = await this.store.pods(chunk);
            const found = [];
            for (const row of rows) {
                // (defensive: state changes are serialised, but never replace a pod that appeared meanwhile)
                if (this.machine.pod(row.Namespace, row.PodName))
                    continue;
                this.machine.adoptPod(podFromRow(row));
                found.push([row.Namespace, row.PodName]);
            }
            const present = new Set(rows.map((r) => podKey(r.Namespace, r.PodName)));
            for (const [ns, pod] of chunk)
                if (!present.has(podKey(ns, pod)))
                    this.knownAbsent.add(podKey(ns, pod));
            if (found.length === 0)
                continue;
            this.o.metrics.podLookups.inc();
            const now = this.now();
            for (const r of await this.store.podsInstances(found))
                this.machine.adoptInstance(instanceFromRow(r, now));
        }
    }
    // ---- events -----------------------------------------------------------------------------------
    async apply(events) {
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
    observe(sightings) {
        const now = this.now();
        const guarded = [];
        for (const s of sightings) {
            const g = guardSighting(s, now, this.bounds);
            for (const bound of g.clamped)
                this.o.metrics.timesClamped.inc({ bound });
            guarded.push(g.sighting);
        }
        this.machine.observe(guarded);
        this.o.metrics.pendingSpanPods.set(this.machine.spanPods.size);
    }
    // ---- periodic: vanish detection, span-only pods, LastSeen refresh -----------------------------
    /** One periodic pass, then a flush. Failures are logged (a failed flush also counted). */
    async tick() {
        try {
            await this.exclusive(() => this.checkInstances());
        }
        catch (err) {
            this.o.log.warn({ err }, 'lifecycle tick failed');
            return;
        }
        if (await this.flushOrReport('in the periodic tick'))
            this.machine.forgetEnded();
    }
    async checkInstances() {
        const now = this.now();
        this.machine.detectVanished(now);
        const due = this.machine.takeDueSightings(now);
        if (due.length > 0) {
            await this.loadPodsOf(due.map((s) => s.identity));
            for (const s of due) {
                const how = this.machine.registerFromSpans(s, now);
                // known from the store (e.g. seen before a restart): the sighting still moves its times
                if (how === 'known')
                    this.machine.observe([s]);
                else
                    this.o.metrics.spanPodsRegistered.inc({ state: how });
                this.knownAbsent.delete(podKey(s.identity.namespace, s.identity.podName));
            }
        }
        this.reportDropped();
        this.machine.markStaleLastSeen();
    }
    /** Sightings refused at the pending bound since the last tick: counted in /metrics and logged. */
    reportDropped() {
        const { spanPods } = this.machine;
        this.o.metrics.pendingSpanPods.set(spanPods.size);
        const n = spanPods.dropped - this.droppedReported;
        if (n === 0)
            return;
        this.droppedReported = spanPods.dropped;
        this.o.metrics.pendingSpanPodsDropped.inc(n);
        this.o.log.warn({ dropped: n, pending: spanPods.size }, 'span-only pods not queued for registration: pending bound reached (PODTRAIL_LIFECYCLE_MAX_PENDING_PODS); their next spans offer them again');
    }
    // ---- writes -----------------------------------------------------------------------------------
    /** Writes pending transitions and changed rows; on failure they stay pending (retried). */
    flush() {
        const run = this.flushing.then(() => this.writePending());
        this.flushing = run.catch(() => { });
        return run;
    }
    /**
     * A flush whose failure is not the caller's to handle: logged, counted in
     * `podtrail_ingest_errors_total{kind="lifecycle-flush"}`; what was pending stays queued and the
     * next flush (the next tick or batch) writes it. Returns whether the flush succeeded.
     */
    async flushOrReport(when) {
        try {
            await this.flush();
            return true;
        }
        catch (err) {
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
    async writePending() {
        const transitions = this.machine.pending.takeTransitions();
        if (transitions.length > 0) {
            let stored;
            try {
                stored = await this.store.insertTransitions(transitions);
            }
            catch (err) {
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
    async writeDirty(table, insert) {
        const batch = this.machine.takeDirty(table);
        if (batch.keys.length === 0)
            return;
        try {
            await insert(batch.entries);
        }
        catch (err) {
            this.machine.pending.restoreDirty(table, batch);
            throw err;
        }
        this.machine.pending.confirmWritten(batch);
    }
    /** Snapshot for tests and /metrics-style introspection. */
    snapshot() {
        return this.machine.counts();
    }
}
//# sourceMappingURL=pod-lifecycle-tracker.js.map
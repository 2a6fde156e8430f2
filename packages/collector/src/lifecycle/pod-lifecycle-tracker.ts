import type { ClickHouseClient } from '@clickhouse/client';
import { type InstanceState, LIFECYCLE_ATTRS, LIFECYCLE_EVENTS } from '@podtrail/contracts';
import { partitionForKey } from '@podtrail/contracts/partitioner';
import type { FastifyBaseLogger } from 'fastify';
import type { PodIdentity } from '../ingest/identity.js';
import type { IngestMetrics } from '../ingest/ingest-metrics.js';
import type { LifecycleEvent } from '../ingest/logs.js';
import type { LifecycleSink, LivePublisher } from '../ingest/pipeline.js';
import type { InstanceSighting } from '../ingest/spans.js';
import { sql } from '../store/sql.js';
import { isDataError, type TableWriter } from '../store/writer.js';
import { toPodTransition } from './pod-transition.js';

/**
 * Pod lifecycle tracker.
 *
 * Input: lifecycle events in partition order (agent started / heartbeat / stopped / crashed),
 * and "last seen" from spans. Output: `instances` and `pods` rows (ReplacingMergeTree, newest
 * Version wins), `pod_transitions` rows (history: restart counts over any range are a count of
 * `restarted` rows) and a LiveRecord per transition for the dashboard.
 *
 * End states of an instance:
 * - stopped: a stop event (graceful shutdown after a flush);
 * - crashed: a crash event (uncaught exception / unhandled rejection), with the exception;
 * - killed: no heartbeat for `vanishHeartbeats` intervals and no stop event (SIGKILL, OOM kill,
 *   node lost). Detected only while this collector is caught up on the pod's lifecycle partition,
 *   so a backlog after a collector restart is not mistaken for silence;
 * - restarted: a new instance started in the same pod while this one was still running (it ended
 *   without saying so).
 * A pod's restart count increments each time a new instance starts in a pod that had one before,
 * whatever the previous instance's end was; the `restarted` transition says how it had ended.
 *
 * Ownership with several collectors: the lifecycle topic is keyed by pod uid, so one collector
 * owns each pod; on assignment it loads its running instances from ClickHouse (partition computed
 * with Kafka's murmur2), on revocation it forgets them. Re-delivered events are re-applied
 * idempotently (an event older than what the instance has seen changes nothing).
 */

type State = InstanceState;

interface Inst {
  namespace: string;
  workload: string;
  workloadKind: string;
  serviceName: string;
  podName: string;
  podUid: string;
  instanceId: string;
  nodeName: string;
  hostIp: string;
  containerName: string;
  startedAt: number;
  readyAt: number | null;
  lastSeen: number;
  endedAt: number | null;
  state: State;
  endReason: string;
  exitDetail: string;
  heartbeatMs: number;
  /** local clock when we last heard from it (event processed or loaded) */
  lastHeardLocal: number;
  /** true when only spans revealed it (no agent lifecycle events) */
  fromSpans: boolean;
  lastWrittenSeen: number;
  resourceAttributes: Record<string, string>;
}

interface Pod {
  namespace: string;
  workload: string;
  workloadKind: string;
  serviceName: string;
  podName: string;
  podUid: string;
  nodeName: string;
  hostIp: string;
  firstSeen: number;
  lastSeen: number;
  endedAt: number | null;
  state: State;
  endReason: string;
  instanceCount: number;
  restartCount: number;
  currentInstanceId: string;
  lastWrittenSeen: number;
}

export interface TrackerOptions {
  tables: TableWriter;
  reader: ClickHouseClient;
  database: string;
  live: LivePublisher | null;
  metrics: IngestMetrics;
  log: FastifyBaseLogger;
  vanishHeartbeats: number;
  defaultHeartbeatIntervalMs: number;
  /** instances seen only through spans end after this long without data */
  idleEndMs?: number;
  /** how often LastSeen is re-written while nothing else changes */
  seenWriteMs?: number;
  now?: () => number;
  tickMs?: number;
}

export interface TransitionRow {
  Timestamp: number;
  Namespace: string;
  Workload: string;
  ServiceName: string;
  PodName: string;
  InstanceId: string;
  Transition: string;
  FromState: string;
  ToState: string;
  Reason: string;
  Message: string;
}

const SIGHTING_GRACE_MS = 15_000;

function podKey(namespace: string, podName: string): string {
  return `${namespace}\0${podName}`;
}

function short(id: string): string {
  return id.length > 12 ? id.slice(0, 8) : id;
}

export class PodLifecycleTracker implements LifecycleSink {
  private readonly pods = new Map<string, Pod>();
  private readonly instances = new Map<string, Inst>();
  /** pods confirmed absent from the store (no need to query again) */
  private readonly knownAbsent = new Set<string>();
  private pendingTransitions: TransitionRow[] = [];
  private readonly dirtyInstances = new Set<string>();
  private readonly dirtyPods = new Set<string>();
  private readonly candidates = new Map<string, { sighting: InstanceSighting; firstLocal: number }>();
  /** null = owns everything (no Kafka, e.g. OTLP-only) */
  private owned: Set<number> | null = null;
  private numPartitions = 1;
  private readonly caughtUp = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  /** serialises state changes (events, ticks, ownership changes): see exclusive() */
  private lock: Promise<void> = Promise.resolve();
  private readonly versions: VersionClock;
  private readonly now: () => number;

  constructor(private readonly o: TrackerOptions) {
    this.now = o.now ?? Date.now;
    this.versions = new VersionClock(this.now);
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

  /** The live publisher is created with the Kafka producer, after the tracker. */
  setLive(live: LivePublisher | null): void {
    this.o.live = live;
  }

  start(): void {
    let ticking = false;
    this.timer = setInterval(() => {
      if (ticking) return;
      ticking = true;
      this.tick()
        .catch((err) => this.o.log.warn({ err }, 'lifecycle tick failed'))
        .finally(() => {
          ticking = false;
        });
    }, this.o.tickMs ?? 500);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush().catch((err) => this.o.log.warn({ err }, 'lifecycle flush at stop failed'));
  }

  // ---- ownership ------------------------------------------------------------------------------

  private partitionOf(podUid: string, instanceId: string): number {
    return partitionForKey(podUid || instanceId, this.numPartitions);
  }

  private owns(podUid: string, instanceId: string): boolean {
    return this.owned === null || this.owned.has(this.partitionOf(podUid, instanceId));
  }

  private isCaughtUp(podUid: string, instanceId: string): boolean {
    return this.owned === null || this.caughtUp.has(this.partitionOf(podUid, instanceId));
  }

  setCaughtUp(partition: number, caughtUp: boolean): void {
    if (caughtUp) this.caughtUp.add(partition);
    else this.caughtUp.delete(partition);
  }

  /** New lifecycle partition assignment: forget pods we no longer own, load the ones we now own. */
  async onAssignment(partitions: number[], numPartitions: number): Promise<void> {
    await this.flush().catch(() => {});
    await this.exclusive(() => this.assign(partitions, numPartitions));
  }

  private async assign(partitions: number[], numPartitions: number): Promise<void> {
    this.owned = new Set(partitions);
    this.numPartitions = Math.max(1, numPartitions);
    this.caughtUp.clear();
    for (const [k, p] of this.pods) if (!this.owns(p.podUid, p.currentInstanceId)) this.pods.delete(k);
    for (const [k, i] of this.instances) if (!this.owns(i.podUid, i.instanceId)) this.instances.delete(k);
    this.knownAbsent.clear();
    await this.loadRunning();
  }

  private async loadRunning(): Promise<void> {
    const db = this.o.database;
    const insts = await this.query<InstRow>(sql('lifecycle_running_instances', db), {});
    const now = this.now();
    let n = 0;
    for (const r of insts) {
      this.versions.observe(r.Version);
      if (!this.owns(r.PodUid, r.InstanceId) || this.instances.has(r.InstanceId)) continue;
      this.instances.set(r.InstanceId, instFromRow(r, now));
      n++;
    }
    const pods = await this.query<PodRow>(sql('lifecycle_pods_by_state', db), { state: 'running' });
    for (const r of pods) {
      this.versions.observe(r.Version);
      if (!this.owns(r.PodUid, r.CurrentInstanceId)) continue;
      const k = podKey(r.Namespace, r.PodName);
      if (!this.pods.has(k)) this.pods.set(k, podFromRow(r));
    }
    this.o.log.info({ instances: n, owned: [...(this.owned ?? [])] }, 'lifecycle state loaded');
  }

  private async query<T>(query: string, params: Record<string, unknown>): Promise<T[]> {
    const rs = await this.o.reader.query({ query, query_params: params, format: 'JSONEachRow' });
    return (await rs.json()) as T[];
  }

  /** The pod from memory, or from the store the first time we hear of it (null = never seen). */
  private async podFor(id: PodIdentity): Promise<Pod | null> {
    const k = podKey(id.namespace, id.podName);
    const mem = this.pods.get(k);
    if (mem) return mem;
    if (this.knownAbsent.has(k)) return null;
    const db = this.o.database;
    const rows = await this.query<PodRow>(sql('lifecycle_pod', db), { ns: id.namespace, pod: id.podName });
    const row = rows[0];
    // (defensive: state changes are serialised, but never replace a pod that appeared meanwhile)
    const appeared = this.pods.get(k);
    if (appeared) return appeared;
    if (!row) {
      this.knownAbsent.add(k);
      return null;
    }
    this.versions.observe(row.Version);
    const pod = podFromRow(row);
    this.pods.set(k, pod);
    const insts = await this.query<InstRow>(sql('lifecycle_pod_instances', db), { ns: id.namespace, pod: id.podName });
    const now = this.now();
    for (const r of insts) {
      this.versions.observe(r.Version);
      if (!this.instances.has(r.InstanceId)) this.instances.set(r.InstanceId, instFromRow(r, now));
    }
    return pod;
  }

  // ---- events ---------------------------------------------------------------------------------

  async apply(events: LifecycleEvent[]): Promise<void> {
    await this.exclusive(() => this.applyEvents(events));
    await this.flush();
  }

  private async applyEvents(events: LifecycleEvent[]): Promise<void> {
    for (const ev of events) {
      this.candidates.delete(ev.identity.instanceId);
      switch (ev.name) {
        case LIFECYCLE_EVENTS.started:
          await this.onStarted(ev);
          break;
        case LIFECYCLE_EVENTS.stopped:
          await this.onEnded(ev, 'stopped');
          break;
        case LIFECYCLE_EVENTS.crashed:
          await this.onEnded(ev, 'crashed');
          break;
        default:
          await this.onHeartbeat(ev);
      }
    }
  }

  private newInst(
    id: PodIdentity,
    attrs: Record<string, string>,
    tsMs: number,
    heartbeatMs: number,
    fromSpans: boolean,
  ): Inst {
    return {
      resourceAttributes: attrs,
      namespace: id.namespace,
      workload: id.workload,
      workloadKind: id.workloadKind,
      serviceName: id.serviceName,
      podName: id.podName,
      podUid: id.podUid,
      instanceId: id.instanceId,
      nodeName: id.nodeName,
      hostIp: id.hostIp,
      containerName: id.containerName,
      startedAt: tsMs,
      readyAt: fromSpans ? null : tsMs,
      lastSeen: tsMs,
      endedAt: null,
      state: 'running',
      endReason: '',
      exitDetail: '',
      heartbeatMs,
      lastHeardLocal: this.now(),
      fromSpans,
      lastWrittenSeen: 0,
    };
  }

  /** A new instance: started event, first heartbeat of an unknown instance, or spans only. */
  private async startInstance(
    id: PodIdentity,
    attrs: Record<string, string>,
    tsMs: number,
    heartbeatMs: number,
    how: 'started' | 'heartbeat' | 'spans',
  ): Promise<Inst> {
    const inst = this.newInst(id, attrs, tsMs, heartbeatMs, how === 'spans');
    this.instances.set(id.instanceId, inst);
    this.dirtyInstances.add(id.instanceId);
    const k = podKey(id.namespace, id.podName);
    let pod = await this.podFor(id);
    if (pod?.podUid && id.podUid && pod.podUid !== id.podUid) {
      // same name, new pod uid (a StatefulSet pod re-created): a new pod, not a restart
      pod = null;
    }
    const agent = `${short(id.instanceId)}@${id.podName}${id.hostIp ? ` (${id.hostIp})` : ''}`;
    const suffix =
      how === 'heartbeat'
        ? ' (start event not received; first heartbeat)'
        : how === 'spans'
          ? ' (first data; no agent lifecycle events)'
          : '';
    if (!pod) {
      pod = {
        namespace: id.namespace,
        workload: id.workload,
        workloadKind: id.workloadKind,
        serviceName: id.serviceName,
        podName: id.podName,
        podUid: id.podUid,
        nodeName: id.nodeName,
        hostIp: id.hostIp,
        firstSeen: tsMs,
        lastSeen: tsMs,
        endedAt: null,
        state: 'running',
        endReason: '',
        instanceCount: 1,
        restartCount: 0,
        currentInstanceId: id.instanceId,
        lastWrittenSeen: 0,
      };
      this.pods.set(k, pod);
      this.knownAbsent.delete(k);
      this.transition(
        inst,
        tsMs,
        'started',
        '',
        'running',
        `first instance${suffix}`,
        `pod started; agent connected. Agent: ${agent}`,
      );
    } else {
      const prev = pod.currentInstanceId ? this.instances.get(pod.currentInstanceId) : undefined;
      let how = `previous instance ${pod.currentInstanceId ? short(pod.currentInstanceId) : '?'} had ${pod.state === 'running' ? 'not ended' : `ended: ${pod.state}`}`;
      const fromState = pod.state;
      if (prev && prev.state === 'running' && prev.instanceId !== id.instanceId) {
        prev.state = 'restarted';
        prev.endedAt = prev.lastSeen;
        prev.endReason = `replaced by instance ${short(id.instanceId)} without a stop event`;
        this.dirtyInstances.add(prev.instanceId);
        how = `previous instance ${short(prev.instanceId)} ended without a stop event (killed or exited abruptly)`;
      } else if (prev && prev.state !== 'running') {
        how = `previous instance ${short(prev.instanceId)} ${describeEnd(prev)}`;
      }
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
      this.transition(
        inst,
        tsMs,
        'restarted',
        fromState,
        'running',
        `${how}${suffix}`,
        `pod restarted (restart #${pod.restartCount}); agent connected. Agent: ${agent}`,
      );
    }
    this.dirtyPods.add(k);
    return inst;
  }

  private async onStarted(ev: LifecycleEvent): Promise<void> {
    const id = ev.identity;
    const inst = this.instances.get(id.instanceId) ?? (await this.loadInst(id));
    if (inst) {
      if (inst.fromSpans) {
        inst.fromSpans = false;
        inst.readyAt ??= ev.tsMs;
        if (ev.tsMs < inst.startedAt) inst.startedAt = ev.tsMs;
        inst.heartbeatMs = ev.heartbeatIntervalMs || inst.heartbeatMs;
        this.dirtyInstances.add(id.instanceId);
      }
      this.seen(inst, ev.tsMs, ev.heartbeatIntervalMs);
      return; // re-delivered (or already known): nothing new
    }
    await this.startInstance(id, ev.resourceAttributes, ev.tsMs, ev.heartbeatIntervalMs, 'started');
  }

  /** Loads an instance row not in memory (after podFor loaded the pod's recent instances). */
  private async loadInst(id: PodIdentity): Promise<Inst | undefined> {
    await this.podFor(id);
    return this.instances.get(id.instanceId);
  }

  private async onHeartbeat(ev: LifecycleEvent): Promise<void> {
    const id = ev.identity;
    let inst = this.instances.get(id.instanceId) ?? (await this.loadInst(id));
    if (!inst) inst = await this.startInstance(id, ev.resourceAttributes, ev.tsMs, ev.heartbeatIntervalMs, 'heartbeat');
    if (inst.state === 'killed' && inst.endedAt !== null && ev.tsMs > inst.endedAt) {
      // heartbeats resumed after we declared it gone (network partition, paused process)
      inst.state = 'running';
      inst.endedAt = null;
      inst.endReason = '';
      this.dirtyInstances.add(inst.instanceId);
      const pod = this.pods.get(podKey(inst.namespace, inst.podName));
      if (pod && pod.currentInstanceId === inst.instanceId) {
        pod.state = 'running';
        pod.endedAt = null;
        pod.endReason = '';
        this.dirtyPods.add(podKey(pod.namespace, pod.podName));
      }
      this.transition(
        inst,
        ev.tsMs,
        'ready',
        'killed',
        'running',
        'heartbeats resumed',
        'agent reconnected; heartbeats resumed',
      );
    }
    this.seen(inst, ev.tsMs, ev.heartbeatIntervalMs);
  }

  private async onEnded(ev: LifecycleEvent, state: 'stopped' | 'crashed'): Promise<void> {
    const id = ev.identity;
    let inst = this.instances.get(id.instanceId) ?? (await this.loadInst(id));
    if (!inst) inst = await this.startInstance(id, ev.resourceAttributes, ev.tsMs, ev.heartbeatIntervalMs, 'heartbeat');
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
    this.dirtyInstances.add(inst.instanceId);
    const k = podKey(inst.namespace, inst.podName);
    const pod = this.pods.get(k);
    let podFrom: string = from;
    if (pod && pod.currentInstanceId === inst.instanceId) {
      podFrom = pod.state;
      pod.state = state;
      pod.endedAt = ev.tsMs;
      pod.endReason = reason;
      if (ev.tsMs > pod.lastSeen) pod.lastSeen = ev.tsMs;
      this.dirtyPods.add(k);
    }
    this.transition(inst, ev.tsMs, state, podFrom, state, reason, message);
  }

  private seen(inst: Inst, tsMs: number, heartbeatMs: number): void {
    inst.lastHeardLocal = this.now();
    if (heartbeatMs > 0 && heartbeatMs !== inst.heartbeatMs) {
      inst.heartbeatMs = heartbeatMs;
      this.dirtyInstances.add(inst.instanceId);
    }
    if (tsMs > inst.lastSeen) inst.lastSeen = tsMs;
    const seenWrite = this.o.seenWriteMs ?? 30_000;
    if (inst.lastSeen - inst.lastWrittenSeen >= seenWrite) this.dirtyInstances.add(inst.instanceId);
    const k = podKey(inst.namespace, inst.podName);
    const pod = this.pods.get(k);
    if (pod && tsMs > pod.lastSeen) {
      pod.lastSeen = tsMs;
      if (pod.lastSeen - pod.lastWrittenSeen >= seenWrite) this.dirtyPods.add(k);
    }
  }

  /** Spans reveal pods too: last seen for known instances; pods without an agent get registered. */
  observe(sightings: Iterable<InstanceSighting>): void {
    for (const s of sightings) {
      const inst = this.instances.get(s.identity.instanceId);
      if (inst) {
        if (inst.state === 'running') this.seen(inst, s.lastSeenMs, 0);
        continue;
      }
      if (!this.owns(s.identity.podUid, s.identity.instanceId)) continue;
      const c = this.candidates.get(s.identity.instanceId);
      if (c) {
        if (s.lastSeenMs > c.sighting.lastSeenMs) c.sighting = s;
      } else if (this.candidates.size < 10_000) {
        this.candidates.set(s.identity.instanceId, { sighting: s, firstLocal: this.now() });
      }
    }
  }

  private transition(
    inst: Inst,
    tsMs: number,
    transition: string,
    fromState: string,
    toState: string,
    reason: string,
    message: string,
  ): void {
    this.pendingTransitions.push({
      Timestamp: Math.floor(tsMs),
      Namespace: inst.namespace,
      Workload: inst.workload,
      ServiceName: inst.serviceName,
      PodName: inst.podName,
      InstanceId: inst.instanceId,
      Transition: transition,
      FromState: fromState,
      ToState: toState,
      Reason: reason,
      Message: message,
    });
  }

  // ---- periodic: vanish detection, span-only pods, LastSeen refresh -------------------------------

  async tick(): Promise<void> {
    await this.exclusive(() => this.checkInstances());
    await this.flush();
    // forget ended instances after a while (they stay in the store)
    if (this.instances.size > 50_000) {
      for (const [k, i] of this.instances) if (i.state !== 'running') this.instances.delete(k);
    }
  }

  private async checkInstances(): Promise<void> {
    const now = this.now();
    const idleEnd = this.o.idleEndMs ?? 300_000;
    for (const inst of this.instances.values()) {
      if (inst.state !== 'running') continue;
      if (!this.owns(inst.podUid, inst.instanceId) || !this.isCaughtUp(inst.podUid, inst.instanceId)) continue;
      const interval = inst.heartbeatMs || this.o.defaultHeartbeatIntervalMs;
      const limit = inst.fromSpans
        ? Math.max(idleEnd, this.o.vanishHeartbeats * interval)
        : this.o.vanishHeartbeats * interval;
      if (now - inst.lastHeardLocal <= limit) continue;
      inst.state = 'killed';
      inst.endedAt = inst.lastSeen;
      inst.endReason = inst.fromSpans
        ? `no data for ${Math.round(limit / 1000)}s (no agent heartbeats)`
        : `vanished: no heartbeat for ${this.o.vanishHeartbeats} intervals (${Math.round(limit / 1000)}s) and no stop event`;
      this.dirtyInstances.add(inst.instanceId);
      const k = podKey(inst.namespace, inst.podName);
      const pod = this.pods.get(k);
      let from: string = 'running';
      if (pod && pod.currentInstanceId === inst.instanceId) {
        from = pod.state;
        pod.state = 'killed';
        pod.endedAt = inst.lastSeen;
        pod.endReason = inst.endReason;
        this.dirtyPods.add(k);
      }
      this.transition(inst, inst.lastSeen, 'killed', from, 'killed', inst.endReason, `pod ${inst.endReason}`);
    }
    for (const [instanceId, c] of this.candidates) {
      if (now - c.firstLocal < SIGHTING_GRACE_MS) continue;
      this.candidates.delete(instanceId);
      if (this.instances.has(instanceId)) continue;
      const known = await this.loadInst(c.sighting.identity);
      if (known) continue;
      const inst = await this.startInstance(
        c.sighting.identity,
        c.sighting.attributes,
        c.sighting.lastSeenMs,
        0,
        'spans',
      );
      inst.lastHeardLocal = now;
    }
    for (const inst of this.instances.values())
      if (inst.state === 'running' && inst.lastSeen > inst.lastWrittenSeen) {
        const seenWrite = this.o.seenWriteMs ?? 30_000;
        if (inst.lastSeen - inst.lastWrittenSeen >= seenWrite) this.dirtyInstances.add(inst.instanceId);
      }
  }

  // ---- writes -----------------------------------------------------------------------------------

  private version(): number {
    return this.versions.next();
  }

  /** Writes pending transitions and changed rows; on failure they stay pending (retried). */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.doFlush());
    this.flushing = run.catch(() => {});
    return run;
  }

  private async doFlush(): Promise<void> {
    await this.writePending();
  }

  /**
   * Inserts rows; when ClickHouse refuses the block as data (a parse error, a value out of
   * range), inserts them one by one and drops only the rows it refuses (logged and counted), so
   * a bad row never blocks a lifecycle partition nor takes the other rows with it. Returns the
   * rows stored. Any other error (ClickHouse down) is thrown: the caller keeps the rows pending.
   */
  private async insertRows<R extends object>(table: string, rows: R[]): Promise<R[]> {
    const { tables } = this.o;
    try {
      await tables.insertJson(table, rows);
      return rows;
    } catch (err) {
      if (!isDataError(err)) throw err;
    }
    const stored: R[] = [];
    for (const row of rows) {
      try {
        await tables.insertJson(table, [row]);
        stored.push(row);
      } catch (err) {
        if (!isDataError(err)) throw err;
        this.o.metrics.errors.inc({ kind: 'lifecycle-rows-refused' });
        this.o.log.error({ err, table, row }, 'lifecycle row refused by ClickHouse; dropped');
      }
    }
    return stored;
  }

  /**
   * Takes what is pending *before* awaiting the insert (events applied meanwhile queue new rows
   * that the next flush writes: clearing the dirty marks after the insert would lose them, e.g.
   * a crash applied while the start of the same pod was being written), and puts it back if the
   * insert fails. Each row gets its version when it is built, from the state at that moment, and
   * flushes run one at a time, so a later state always carries a higher version.
   */
  private async writePending(): Promise<void> {
    if (this.pendingTransitions.length > 0) {
      const rows = this.pendingTransitions;
      this.pendingTransitions = [];
      let stored: TransitionRow[];
      try {
        stored = await this.insertRows('pod_transitions', rows);
      } catch (err) {
        this.pendingTransitions = rows.concat(this.pendingTransitions);
        throw err;
      }
      for (const r of stored) {
        this.o.metrics.transitions.inc({ transition: r.Transition });
        this.o.live?.publish({ kind: 'transition', event: toPodTransition(r) });
      }
    }
    await this.flushDirty('instances', this.dirtyInstances, this.instances, instToRow);
    await this.flushDirty('pods', this.dirtyPods, this.pods, podToRow);
  }

  /**
   * Writes the rows of the dirty keys (instances or pods; same take-then-restore rule as above)
   * and records the lastSeen each row carried, so the next seen-only update is measured from it.
   */
  private async flushDirty<T extends { lastSeen: number; lastWrittenSeen: number }, R extends object>(
    table: string,
    dirty: Set<string>,
    entries: Map<string, T>,
    toRow: (entry: T, version: number) => R,
  ): Promise<void> {
    if (dirty.size === 0) return;
    const keys = [...dirty];
    dirty.clear();
    const written: T[] = [];
    const rows = keys.flatMap((k) => {
      const e = entries.get(k);
      if (!e) return [];
      written.push(e);
      return [toRow(e, this.version())];
    });
    const seen = written.map((e) => e.lastSeen);
    try {
      await this.insertRows(table, rows);
    } catch (err) {
      for (const k of keys) dirty.add(k);
      throw err;
    }
    written.forEach((e, n) => {
      e.lastWrittenSeen = seen[n] as number;
    });
  }

  /** Snapshot for tests and /metrics-style introspection. */
  snapshot(): { pods: number; instances: number; running: number } {
    let running = 0;
    for (const i of this.instances.values()) if (i.state === 'running') running++;
    return { pods: this.pods.size, instances: this.instances.size, running };
  }
}

function describeEnd(i: Inst): string {
  switch (i.state) {
    case 'stopped':
      return `stopped gracefully${i.exitDetail ? ` (${i.exitDetail})` : ''}`;
    case 'crashed':
      return `crashed: ${i.endReason}`;
    case 'killed':
      return `was killed (${i.endReason})`;
    case 'restarted':
      return 'ended without a stop event';
    default:
      return i.state;
  }
}

/**
 * Versions of `instances` and `pods` rows (ReplacingMergeTree(Version): the highest wins).
 * Strictly increasing: `max(now_ms * 1000, previous + 1)`, so two writes of one row in the same
 * millisecond (a start and a crash applied back to back) or after the clock stepped back still
 * order as they were made. `observe` raises the floor to versions read from the store, so a
 * process whose clock is behind the one that wrote a row (a restart, another collector taking
 * the partition over) still supersedes it. 1000 versions per millisecond before it runs ahead
 * of the clock; a UInt64 (exact in a JS number up to 2^53: year 2255).
 */
export class VersionClock {
  private last = 0;
  constructor(private readonly now: () => number = Date.now) {}

  next(): number {
    const v = Math.max(Math.floor(this.now()) * 1000, this.last + 1);
    this.last = v;
    return v;
  }

  observe(version: number | string | undefined | null): void {
    const v = Number(version);
    if (Number.isSafeInteger(v) && v > this.last) this.last = v;
  }
}

// ---- row mapping ----------------------------------------------------------------------------------

interface InstRow {
  Namespace: string;
  Workload: string;
  WorkloadKind: string;
  ServiceName: string;
  PodName: string;
  PodUid: string;
  InstanceId: string;
  NodeName: string;
  HostIp: string;
  ContainerName: string;
  StartedAt: number;
  ReadyAt: number | null;
  LastSeen: number;
  EndedAt: number | null;
  State: State;
  EndReason: string;
  ExitDetail: string;
  HeartbeatMs: number;
  ResourceAttributes: Record<string, string>;
  Version?: string;
}

interface PodRow {
  Namespace: string;
  Workload: string;
  WorkloadKind: string;
  ServiceName: string;
  PodName: string;
  PodUid: string;
  NodeName: string;
  HostIp: string;
  FirstSeen: number;
  LastSeen: number;
  EndedAt: number | null;
  State: State;
  EndReason: string;
  InstanceCount: number;
  RestartCount: number;
  CurrentInstanceId: string;
  Version?: string;
}

function instFromRow(r: InstRow, nowLocal: number): Inst {
  return {
    namespace: r.Namespace,
    workload: r.Workload,
    workloadKind: r.WorkloadKind,
    serviceName: r.ServiceName,
    podName: r.PodName,
    podUid: r.PodUid,
    instanceId: r.InstanceId,
    nodeName: r.NodeName,
    hostIp: r.HostIp,
    containerName: r.ContainerName,
    startedAt: Number(r.StartedAt),
    readyAt: r.ReadyAt === null ? null : Number(r.ReadyAt),
    lastSeen: Number(r.LastSeen),
    endedAt: r.EndedAt === null ? null : Number(r.EndedAt),
    state: r.State,
    endReason: r.EndReason,
    exitDetail: r.ExitDetail,
    heartbeatMs: Number(r.HeartbeatMs) || 0,
    // a loaded instance gets a full grace period from now: silence is measured from here
    lastHeardLocal: nowLocal,
    fromSpans: r.ReadyAt === null,
    lastWrittenSeen: Number(r.LastSeen),
    resourceAttributes: r.ResourceAttributes ?? {},
  };
}

function podFromRow(r: PodRow): Pod {
  return {
    namespace: r.Namespace,
    workload: r.Workload,
    workloadKind: r.WorkloadKind,
    serviceName: r.ServiceName,
    podName: r.PodName,
    podUid: r.PodUid,
    nodeName: r.NodeName,
    hostIp: r.HostIp,
    firstSeen: Number(r.FirstSeen),
    lastSeen: Number(r.LastSeen),
    endedAt: r.EndedAt === null ? null : Number(r.EndedAt),
    state: r.State,
    endReason: r.EndReason,
    instanceCount: Number(r.InstanceCount),
    restartCount: Number(r.RestartCount),
    currentInstanceId: r.CurrentInstanceId,
    lastWrittenSeen: Number(r.LastSeen),
  };
}

function instToRow(i: Inst, version: number) {
  return {
    Namespace: i.namespace,
    Workload: i.workload,
    WorkloadKind: i.workloadKind,
    ServiceName: i.serviceName,
    PodName: i.podName,
    PodUid: i.podUid,
    InstanceId: i.instanceId,
    NodeName: i.nodeName,
    HostIp: i.hostIp,
    ContainerName: i.containerName,
    StartedAt: Math.floor(i.startedAt),
    ReadyAt: i.readyAt === null ? null : Math.floor(i.readyAt),
    LastSeen: Math.floor(i.lastSeen),
    EndedAt: i.endedAt === null ? null : Math.floor(i.endedAt),
    State: i.state,
    EndReason: i.endReason,
    ExitDetail: i.exitDetail,
    HeartbeatMs: i.heartbeatMs,
    ResourceAttributes: i.resourceAttributes,
    Version: version,
  };
}

function podToRow(p: Pod, version: number) {
  return {
    Namespace: p.namespace,
    Workload: p.workload,
    WorkloadKind: p.workloadKind,
    ServiceName: p.serviceName,
    PodName: p.podName,
    PodUid: p.podUid,
    NodeName: p.nodeName,
    HostIp: p.hostIp,
    FirstSeen: Math.floor(p.firstSeen),
    LastSeen: Math.floor(p.lastSeen),
    EndedAt: p.endedAt === null ? null : Math.floor(p.endedAt),
    State: p.state,
    EndReason: p.endReason,
    InstanceCount: p.instanceCount,
    RestartCount: p.restartCount,
    CurrentInstanceId: p.currentInstanceId,
    Version: version,
  };
}

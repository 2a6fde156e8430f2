import type { ClickHouseClient, TupleParam } from '@clickhouse/client';
import { LIFECYCLE_ATTRS, type LiveRecord } from '@podtrail/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { CollectorMetrics } from '../collector-metrics.js';
import type { PodIdentity } from '../ingest/identity.js';
import { sql } from '../store/sql.js';
import { TableWriter } from '../store/writer.js';
import { lifecycleEvent, podIdentity, restartOf, sighting } from '../testing/lifecycle-events.js';
import { A, a, B, HB, POD, T0 } from '../testing/lifecycle-machine-harness.js';
import { SIGHTING_GRACE_MS } from './lifecycle-machine.js';
import type { InstanceRow, PodRow } from './lifecycle-rows.js';
import { PodLifecycleTracker, type TrackerOptions } from './pod-lifecycle-tracker.js';
import { toPodTransition } from './pod-transition.js';
import type { TransitionRow } from './transition-record.js';

/**
 * The tracker composed with a fake store (a recording insert target behind the real TableWriter,
 * a reader answering the lifecycle queries from arrays): flush failures are reported and retried,
 * the live record of each stored transition is published once, pods are loaded on first sight.
 */
const DB = 'podtrail';
const X = 'eeeeeeee-0000-4000-8000-000000000009';

let now: number;
let stored: Record<string, Record<string, unknown>[]>;
let store: { pods: PodRow[]; instances: InstanceRow[]; queries: string[] };
let tables: TableWriter;
let metrics: CollectorMetrics;
let warnings: { obj: unknown; msg: string }[];
let live: LiveRecord[];
let tracker: PodLifecycleTracker;

const log = {
  info: () => {},
  debug: () => {},
  error: () => {},
  warn: (obj: unknown, msg: string) => warnings.push({ obj, msg }),
} as unknown as FastifyBaseLogger;

/** Answers the four lifecycle queries from `store`, by their SQL file. */
const reader = {
  async query(p: { query: string; query_params: Record<string, unknown> }) {
    const name = [
      'lifecycle_pods_by_keys',
      'lifecycle_pods_instances',
      'lifecycle_pods_by_state',
      'lifecycle_running_instances',
    ].find((n) => sql(n, DB) === p.query);
    if (!name) throw new Error(`unexpected query ${p.query}`);
    store.queries.push(name);
    const q = p.query_params;
    const keys = new Set(((q.keys ?? []) as TupleParam[]).map((t) => t.values.join('/')));
    const asked = (r: { Namespace: string; PodName: string }) => keys.has(`${r.Namespace}/${r.PodName}`);
    const rows = {
      lifecycle_pods_by_keys: store.pods.filter(asked),
      lifecycle_pods_instances: store.instances.filter(asked),
      lifecycle_pods_by_state: store.pods.filter((r) => r.State === q.state),
      lifecycle_running_instances: store.instances.filter((r) => r.State === 'running'),
    }[name];
    return { json: async () => rows };
  },
} as unknown as ClickHouseClient;

/** A tracker on this file's store, clock and metrics, publishing nowhere unless `o` says. */
const newTracker = (o: Partial<TrackerOptions> = {}) =>
  new PodLifecycleTracker({
    tables,
    reader,
    database: DB,
    live: null,
    metrics,
    log,
    vanishHeartbeats: 3,
    defaultHeartbeatIntervalMs: 5000,
    now: () => now,
    ...o,
  });

beforeEach(() => {
  now = T0;
  stored = {};
  store = { pods: [], instances: [], queries: [] };
  warnings = [];
  live = [];
  metrics = new CollectorMetrics();
  tables = new TableWriter(
    {
      insertTsv: async () => {},
      insertJson: async (table, body) => {
        const rows = String(body)
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        const name = table.slice(DB.length + 1);
        stored[name] = [...(stored[name] ?? []), ...rows];
      },
    },
    DB,
  );
  tracker = newTracker({ live: { publish: (r) => live.push(r) } });
});

async function errors(kind: string): Promise<number> {
  return (await metrics.errors.get()).values.find((v) => v.labels.kind === kind)?.value ?? 0;
}
const unavailable = (table: string) => (table === 'pod_transitions' ? new Error('ECONNREFUSED') : undefined);
const transitions = () => (stored.pod_transitions ?? []).map((r) => r.Transition);
const started = (id = a, ts = T0) => lifecycleEvent('started', id, ts, { heartbeatIntervalMs: HB });

describe('a failed flush is reported and retried, its writes kept', () => {
  it('in the periodic tick: logged, counted as lifecycle-flush, written by the next tick', async () => {
    await tracker.apply([started()]);
    tables.setFaultInjector(unavailable);
    now = T0 + 3 * HB + 1;
    await tracker.tick();
    expect(await errors('lifecycle-flush')).toBe(1);
    expect(warnings).toEqual([
      {
        obj: { err: expect.objectContaining({ message: expect.stringContaining('ECONNREFUSED') }) },
        msg: expect.any(String),
      },
    ]);
    expect(warnings[0]?.msg).toBe('lifecycle flush in the periodic tick failed');
    expect(transitions()).toEqual(['started']);
    expect(stored.instances?.map((r) => r.State)).toEqual(['running']);

    tables.setFaultInjector(null);
    await tracker.tick();
    expect(await errors('lifecycle-flush')).toBe(1);
    expect(transitions()).toEqual(['started', 'killed']);
    expect(stored.instances?.map((r) => r.State)).toEqual(['running', 'killed']);
    expect(stored.pods?.map((r) => r.State)).toEqual(['running', 'killed']);
    expect(live.map((r) => (r.kind === 'transition' ? r.event.transition : r.kind))).toEqual(['started', 'killed']);
    // nothing left: another tick writes nothing
    await tracker.tick();
    expect(transitions()).toEqual(['started', 'killed']);
    expect(stored.instances).toHaveLength(2);
  });

  it('after a batch of events: the batch fails (its caller retries it); the writes stay pending', async () => {
    tables.setFaultInjector(unavailable);
    await expect(tracker.apply([started()])).rejects.toThrow(/ECONNREFUSED/);
    expect(stored.pod_transitions).toBeUndefined();
    tables.setFaultInjector(null);
    // the re-delivered batch re-applies the same event: written once
    await tracker.apply([started()]);
    expect(transitions()).toEqual(['started']);
    expect(stored.instances?.map((r) => r.InstanceId)).toEqual([A]);
    expect(stored.pods?.map((r) => r.PodName)).toEqual([POD]);
    expect(live).toHaveLength(1);
  });

  it('before a partition assignment: counted; the assignment still happens; the next flush writes', async () => {
    tables.setFaultInjector(unavailable);
    await tracker.apply([started()]).catch(() => {});
    await tracker.onAssignment([0], 1);
    expect(await errors('lifecycle-flush')).toBe(1);
    expect(warnings.map((w) => w.msg)).toEqual(['lifecycle flush before a lifecycle partition assignment failed']);
    expect(store.queries).toEqual(['lifecycle_pods_by_keys', 'lifecycle_running_instances', 'lifecycle_pods_by_state']);
    tables.setFaultInjector(null);
    await tracker.flush();
    expect(transitions()).toEqual(['started']);
  });

  it('at stop: counted', async () => {
    await tracker.apply([started()]);
    tables.setFaultInjector(unavailable);
    now = T0 + 3 * HB + 1;
    await tracker.tick();
    await tracker.stop();
    expect(await errors('lifecycle-flush')).toBe(2);
    expect(warnings.map((w) => w.msg)).toEqual([
      'lifecycle flush in the periodic tick failed',
      'lifecycle flush at stop failed',
    ]);
  });
});

describe('live transition records', () => {
  it('publishes exactly the stored transitions, each once, built by toPodTransition', async () => {
    let calls = 0;
    tables.setFaultInjector((table) => {
      if (table !== 'pod_transitions') return undefined;
      calls++;
      // the block and then its first row are refused as data; the second row is stored
      return calls <= 2 ? new Error('Code: 117. DB::Exception: simulated INCORRECT_DATA') : undefined;
    });
    await tracker.apply([
      started(),
      lifecycleEvent('stopped', a, T0 + 10, { attributes: { [LIFECYCLE_ATTRS.signal]: 'SIGTERM' } }),
    ]);
    expect(await errors('lifecycle-rows-refused')).toBe(1);
    expect(await errors('lifecycle-flush')).toBe(0);
    expect(transitions()).toEqual(['stopped']);
    const row = stored.pod_transitions?.[0] as unknown as TransitionRow;
    expect(live).toEqual([{ kind: 'transition', event: toPodTransition(row) }]);
    expect(live[0]).toEqual({
      kind: 'transition',
      event: {
        ts: new Date(T0 + 10).toISOString(),
        namespace: 'shop',
        workload: 'web',
        serviceName: 'web',
        podName: POD,
        instanceId: A,
        transition: 'stopped',
        fromState: 'running',
        toState: 'stopped',
        reason: 'graceful stop (SIGTERM)',
        message: 'pod stopped gracefully (SIGTERM)',
      },
    });
    expect((await metrics.transitions.get()).values.map((v) => [v.labels.transition, v.value])).toEqual([
      ['stopped', 1],
    ]);
  });

  it('without a publisher nothing is published and the rows are still written', async () => {
    const quiet = newTracker();
    await quiet.apply([started()]);
    expect(transitions()).toEqual(['started']);
    expect(live).toEqual([]);
  });
});

describe('the store behind the state machine', () => {
  const known = (over: Partial<PodRow> = {}): PodRow => ({
    Namespace: 'shop',
    Workload: 'web',
    WorkloadKind: 'Deployment',
    ServiceName: 'web',
    PodName: POD,
    PodUid: `uid-${POD}`,
    NodeName: 'node-1',
    HostIp: '10.1.2.3',
    FirstSeen: T0 - 3_600_000,
    LastSeen: T0 - 1000,
    EndedAt: null,
    State: 'running',
    EndReason: '',
    InstanceCount: 3,
    RestartCount: 2,
    CurrentInstanceId: X,
    Version: '1900000000000000',
    ...over,
  });
  const knownInstance = (): InstanceRow => ({
    Namespace: 'shop',
    Workload: 'web',
    WorkloadKind: 'Deployment',
    ServiceName: 'web',
    PodName: POD,
    PodUid: `uid-${POD}`,
    InstanceId: X,
    NodeName: 'node-1',
    HostIp: '10.1.2.3',
    ContainerName: 'web',
    StartedAt: T0 - 600_000,
    ReadyAt: T0 - 600_000,
    LastSeen: T0 - 1000,
    EndedAt: null,
    State: 'running',
    EndReason: '',
    ExitDetail: '',
    HeartbeatMs: HB,
    ResourceAttributes: {},
    Version: '1900000000000005',
  });

  it('a pod heard of for the first time is loaded: its restart count goes on, its versions are superseded', async () => {
    store.pods.push(known());
    store.instances.push(knownInstance());
    await tracker.apply([started(restartOf(a, B), T0)]);
    expect(store.queries).toEqual(['lifecycle_pods_by_keys', 'lifecycle_pods_instances']);
    expect(stored.pod_transitions).toMatchObject([
      {
        Transition: 'restarted',
        FromState: 'running',
        Reason: 'previous instance eeeeeeee ended without a stop event (killed or exited abruptly)',
        Message: `pod restarted (restart #3); agent connected. Agent: bbbbbbbb@${POD} (10.1.2.3)`,
      },
    ]);
    expect(stored.instances?.map((r) => [r.InstanceId, r.State, r.Version])).toEqual([
      [B, 'running', 1_900_000_000_000_006],
      [X, 'restarted', 1_900_000_000_000_007],
    ]);
    expect(stored.pods?.map((r) => [r.RestartCount, r.InstanceCount, r.CurrentInstanceId, r.Version])).toEqual([
      [3, 4, B, 1_900_000_000_000_008],
    ]);
    // in memory from now on: no more reads
    await tracker.apply([lifecycleEvent('heartbeat', restartOf(a, B), T0 + HB)]);
    expect(store.queries).toHaveLength(2);
  });

  it('a pod the store has never seen is asked for once', async () => {
    await tracker.apply([started(), lifecycleEvent('heartbeat', a, T0 + HB)]);
    expect(store.queries).toEqual(['lifecycle_pods_by_keys']);
    expect(tracker.snapshot()).toEqual({ pods: 1, instances: 1, running: 1 });
  });

  it('an assignment keeps the running pods of the owned partitions and loads theirs from the store', async () => {
    store.pods.push(known());
    store.instances.push(knownInstance());
    await tracker.onAssignment([0], 1);
    expect(tracker.snapshot()).toEqual({ pods: 1, instances: 1, running: 1 });
    // silence of a loaded instance is measured from its loading, once caught up
    now = T0 + 3 * HB + 1;
    await tracker.tick();
    expect(transitions()).toEqual([]);
    tracker.setCaughtUp(0, true);
    await tracker.tick();
    expect(stored.pod_transitions).toMatchObject([{ InstanceId: X, Transition: 'killed', Timestamp: T0 - 1000 }]);
    await tracker.onAssignment([], 1);
    expect(tracker.snapshot()).toEqual({ pods: 0, instances: 0, running: 0 });
  });
});

describe('pods registered from spans, in batches', () => {
  const pods = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      podIdentity(`web-${i}`, `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`),
    );
  const batched = (o: { lookupBatch?: number; maxPendingSpanPods?: number } = {}) =>
    newTracker({ idleEndMs: 300_000, eventTimeBounds: { maxBacklogMs: 86_400_000, maxSkewMs: 60_000 }, ...o });
  const counter = async (c: { get(): Promise<{ values: { labels: Record<string, unknown>; value: number }[] }> }) =>
    Object.fromEntries((await c.get()).values.map((v) => [Object.values(v.labels).join(',') || '', v.value]));

  it('looks up many unknown pods in one query per lookupBatch pods, and each only once', async () => {
    const t = batched({ lookupBatch: 5 });
    t.observe(pods(12).map((id, i) => sighting(id, T0 - i, T0 - 1000 - i)));
    expect(await counter(metrics.pendingSpanPods)).toEqual({ '': 12 });
    now += SIGHTING_GRACE_MS;
    await t.tick();
    expect(store.queries).toEqual(['lifecycle_pods_by_keys', 'lifecycle_pods_by_keys', 'lifecycle_pods_by_keys']);
    expect(stored.pods).toHaveLength(12);
    expect(stored.pods?.find((r) => r.PodName === 'web-3')).toMatchObject({ FirstSeen: T0 - 1003, LastSeen: T0 - 3 });
    expect(await counter(metrics.spanPodsRegistered)).toEqual({ running: 12 });
    expect(await counter(metrics.podLookups)).toEqual({ '': 3 });
    expect(await counter(metrics.pendingSpanPods)).toEqual({ '': 0 });
  });

  it('pods the store knows are loaded with their instances (a second query per batch), then restarted', async () => {
    const t = batched();
    const [p0, p1] = pods(2) as [PodIdentity, PodIdentity];
    store.pods.push({ ...podRowOf(p0), CurrentInstanceId: X, InstanceCount: 1 });
    t.observe([sighting(p0, T0), sighting(p1, T0)]);
    now += SIGHTING_GRACE_MS;
    await t.tick();
    expect(store.queries).toEqual(['lifecycle_pods_by_keys', 'lifecycle_pods_instances']);
    expect(stored.pod_transitions?.map((r) => [r.PodName, r.Transition])).toEqual([
      ['web-0', 'restarted'],
      ['web-1', 'started'],
    ]);
  });

  it('a backlog older than the idle limit is registered ended, counted as such', async () => {
    const t = batched();
    t.observe([sighting(a, T0 - 3_600_000, T0 - 3_700_000)]);
    now += SIGHTING_GRACE_MS;
    await t.tick();
    expect(stored.pods).toMatchObject([
      { State: 'killed', FirstSeen: T0 - 3_700_000, LastSeen: T0 - 3_600_000, EndedAt: T0 - 3_600_000 },
    ]);
    expect(await counter(metrics.spanPodsRegistered)).toEqual({ ended: 1 });
  });

  it('span times beyond the clock guard are clamped and counted', async () => {
    const t = batched();
    t.observe([sighting(a, T0 + 3_600_000, T0 - 2 * 86_400_000)]);
    expect(await counter(metrics.timesClamped)).toEqual({ past: 1, future: 1 });
    now += SIGHTING_GRACE_MS;
    await t.tick();
    expect(stored.pods).toMatchObject([{ FirstSeen: T0 - 86_400_000, LastSeen: T0 + 60_000, State: 'running' }]);
  });

  it('sightings beyond the pending bound are counted, logged and exported', async () => {
    const t = batched({ maxPendingSpanPods: 2 });
    t.observe(pods(5).map((id) => sighting(id, T0)));
    await t.tick();
    expect(await counter(metrics.pendingSpanPodsDropped)).toEqual({ '': 3 });
    expect(warnings).toMatchObject([{ obj: { dropped: 3, pending: 2 } }]);
    expect(warnings[0]?.msg).toMatch(/PODTRAIL_LIFECYCLE_MAX_PENDING_PODS/);
    await t.tick();
    expect(warnings).toHaveLength(1);
    const text = await metrics.registry.metrics();
    expect(text).toContain('podtrail_lifecycle_pending_span_pods_dropped_total 3');
  });

  it('the lifecycle events of a batch look up their unknown pods in one query', async () => {
    await tracker.apply(pods(4).map((id) => lifecycleEvent('started', id, T0, { heartbeatIntervalMs: HB })));
    expect(store.queries).toEqual(['lifecycle_pods_by_keys']);
    expect(transitions()).toEqual(['started', 'started', 'started', 'started']);
  });
});

/** A stored pod row of an identity (running since an hour). */
function podRowOf(id: PodIdentity): PodRow {
  return {
    Namespace: id.namespace,
    Workload: id.workload,
    WorkloadKind: id.workloadKind,
    ServiceName: id.serviceName,
    PodName: id.podName,
    PodUid: id.podUid,
    NodeName: id.nodeName,
    HostIp: id.hostIp,
    FirstSeen: T0 - 3_600_000,
    LastSeen: T0 - 1000,
    EndedAt: null,
    State: 'running',
    EndReason: '',
    InstanceCount: 1,
    RestartCount: 0,
    CurrentInstanceId: id.instanceId,
    Version: '1900000000000000',
  };
}

describe('a span-only pod the store knows as ended', () => {
  it('is loaded, and its new spans resume it (not registered twice)', async () => {
    const t = newTracker({ idleEndMs: 300_000 });
    store.pods.push({ ...podRowOfA(), State: 'killed', EndedAt: T0 - 600_000, LastSeen: T0 - 600_000 });
    store.instances.push({
      ...instanceRowOfA(),
      State: 'killed',
      ReadyAt: null,
      EndedAt: T0 - 600_000,
      LastSeen: T0 - 600_000,
    });
    t.observe([sighting(a, T0 - 1000, T0 - 2000)]);
    now += SIGHTING_GRACE_MS;
    await t.tick();
    expect(store.queries).toEqual(['lifecycle_pods_by_keys', 'lifecycle_pods_instances']);
    expect(stored.pod_transitions?.map((r) => [r.Transition, r.Reason])).toEqual([['ready', 'spans resumed']]);
    expect(stored.pods).toMatchObject([{ State: 'running', LastSeen: T0 - 1000, EndedAt: null }]);
    expect((await metrics.spanPodsRegistered.get()).values).toEqual([]);
  });
});

function podRowOfA(): PodRow {
  return { ...podRowOf(a), FirstSeen: T0 - 3_600_000 };
}

function instanceRowOfA(): InstanceRow {
  return {
    Namespace: a.namespace,
    Workload: a.workload,
    WorkloadKind: a.workloadKind,
    ServiceName: a.serviceName,
    PodName: a.podName,
    PodUid: a.podUid,
    InstanceId: a.instanceId,
    NodeName: a.nodeName,
    HostIp: a.hostIp,
    ContainerName: a.containerName,
    StartedAt: T0 - 3_600_000,
    ReadyAt: null,
    LastSeen: T0 - 600_000,
    EndedAt: null,
    State: 'running',
    EndReason: '',
    ExitDetail: '',
    HeartbeatMs: 0,
    ResourceAttributes: {},
    Version: '1900000000000001',
  };
}

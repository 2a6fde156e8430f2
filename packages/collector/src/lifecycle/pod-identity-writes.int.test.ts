import { encodeOtlp, LIFECYCLE_EVENTS } from '@podtrail/contracts';
import type { PodsResponse, PostMortemResponse, VelocityResponse } from '@podtrail/contracts/api';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { queryRows, testConfig } from '../testing/ingest-harness.js';
import { lifecycleRequest, type PodSpec, podSpec, traceRequest } from '../testing/otlp-fixtures.js';

/**
 * One pod, one identity, from the tracker's writes (lifecycle records and spans on the OTLP/HTTP
 * receiver, real chDB): a second process of a pod whose identity derives another workload (a
 * container whose resource names another Deployment) is stored under the pod's workload, so the
 * pod keeps one `pods` row and its instances and transitions are found under it; a pod name
 * reused by a new pod (new uid) of another workload leaves the old pod's row under the old key
 * (ReplacingMergeTree cannot replace it across keys), and the new row, of a higher Version, is the
 * one every read shows: the pod once. A pod stored under two workloads (another collector, an older
 * version) is looked up as the reads show it: a new process joins its newest row.
 */
const brokers = inject('kafkaBrokers');
const chTarget = clickhouseTarget();
const cfg = testConfig(brokers, chTarget);
const db = cfg.database;
let app: FastifyInstance;

beforeAll(async () => {
  app = await build(cfg, { kafka: false, live: false });
});
afterAll(async () => {
  await app?.close();
  await chTarget.cleanup();
});

const PB = { 'content-type': 'application/x-protobuf' };

async function post(url: '/v1/logs' | '/v1/traces', body: Uint8Array): Promise<void> {
  const res = await app.inject({ method: 'POST', url, headers: PB, payload: Buffer.from(body) });
  expect(res.statusCode, res.body).toBe(200);
}

const event = (p: PodSpec, name: string, ts: number) =>
  post('/v1/logs', encodeOtlp('logs', lifecycleRequest(p, name, ts)));

async function api<T>(path: string): Promise<T> {
  const res = await app.inject({ url: `/api/v1${path}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}

interface Stored {
  w: string;
  v: string;
}
/** Every stored key of the pod (FINAL: one row per key), newest Version first. */
const podRows = (ns: string, pod: string) =>
  queryRows<Stored>(
    app,
    `SELECT Workload AS w, toString(Version) AS v FROM ${db}.pods FINAL
     WHERE Namespace = {ns:String} AND PodName = {p:String} ORDER BY Version DESC`,
    { ns, p: pod },
  );
const workloadsOf = async (table: 'instances' | 'pod_transitions', ns: string, pod: string) =>
  (
    await queryRows<{ w: string }>(
      app,
      `SELECT DISTINCT Workload AS w FROM ${db}.${table} WHERE Namespace = {ns:String} AND PodName = {p:String}`,
      { ns, p: pod },
    )
  ).map((r) => r.w);

describe('the tracker keeps one workload per pod', () => {
  it('a second process whose identity names another workload is stored under its pod', async () => {
    const t0 = Date.now() - 10 * 60_000;
    const main = podSpec('cart', 1, { namespace: 'one-pod', workload: 'cart' });
    // another container of the same pod (same name and uid), its resource naming another Deployment
    const sidecar: PodSpec = {
      ...main,
      service: 'cart-proxy',
      workload: 'cart-proxy',
      instanceId: crypto.randomUUID(),
    };
    await event(main, LIFECYCLE_EVENTS.started, t0);
    await post('/v1/traces', encodeOtlp('traces', traceRequest(main, { transactions: 3, startMs: t0 + 1000 })));
    await event(sidecar, LIFECYCLE_EVENTS.started, t0 + 60_000);
    await post('/v1/traces', encodeOtlp('traces', traceRequest(sidecar, { transactions: 2, startMs: t0 + 61_000 })));
    await app.lifecycleTracker.tick();

    expect((await podRows('one-pod', main.podName)).map((r) => r.w)).toEqual(['cart']);
    expect(await workloadsOf('instances', 'one-pod', main.podName)).toEqual(['cart']);
    expect(await workloadsOf('pod_transitions', 'one-pod', main.podName)).toEqual(['cart']);
    const pm = await api<PostMortemResponse>(`/pods/one-pod/${main.podName}`);
    expect([pm.pod.workload, pm.instances.map((i) => i.instanceId).sort()]).toEqual([
      'cart',
      [main.instanceId, sidecar.instanceId].sort(),
    ]);
    const range = `from=${t0 - 60_000}&to=${Date.now()}`;
    const pods = await api<PodsResponse>(`/pods?namespace=one-pod&${range}`);
    expect(pods.pods.map((p) => [p.podName, p.workload, p.instanceCount])).toEqual([[main.podName, 'cart', 2]]);
    const v = await api<VelocityResponse>(`/velocity?groupBy=workload&namespace=one-pod&${range}`);
    expect(v.rows.map((r) => [r.key, r.podCount, r.count])).toEqual([['one-pod/cart', 1, 5]]);
  });

  it('a pod name reused by a new pod of another workload: the new row supersedes the old in every read', async () => {
    const t0 = Date.now() - 20 * 60_000;
    const old = podSpec('shell', 1, { namespace: 'reused', workload: 'shell' });
    const reborn: PodSpec = {
      ...old,
      service: 'toolbox',
      workload: 'toolbox',
      podUid: crypto.randomUUID(),
      instanceId: crypto.randomUUID(),
    };
    await event(old, LIFECYCLE_EVENTS.started, t0);
    await post('/v1/traces', encodeOtlp('traces', traceRequest(old, { transactions: 2, startMs: t0 + 1000 })));
    // the old pod's process is still running when the new pod of that name starts
    await event(reborn, LIFECYCLE_EVENTS.started, t0 + 5 * 60_000);
    await post('/v1/traces', encodeOtlp('traces', traceRequest(reborn, { transactions: 4, startMs: t0 + 301_000 })));
    await app.lifecycleTracker.tick();

    // two keys stored: the old one stays (still `running`), the new one has the higher Version
    const stored = await podRows('reused', old.podName);
    expect(stored.map((r) => r.w)).toEqual(['toolbox', 'shell']);
    expect(BigInt(stored[0]!.v) > BigInt(stored[1]!.v)).toBe(true);

    const range = `from=${t0 - 60_000}&to=${Date.now()}`;
    const pods = await api<PodsResponse>(`/pods?namespace=reused&${range}`);
    expect([pods.total, pods.running]).toEqual([1, 1]);
    expect(pods.pods.map((p) => [p.podName, p.workload, p.podUid])).toEqual([[old.podName, 'toolbox', reborn.podUid]]);
    const pm = await api<PostMortemResponse>(`/pods/reused/${old.podName}`);
    expect([pm.pod.workload, pm.pod.podUid]).toEqual(['toolbox', reborn.podUid]);
    const byPod = await api<VelocityResponse>(`/velocity?groupBy=pod&namespace=reused&${range}`);
    expect(byPod.rows.map((r) => [r.key, r.workload, r.count])).toEqual([[`reused/${old.podName}`, 'toolbox', 6]]);
    const byWorkload = await api<VelocityResponse>(`/velocity?groupBy=workload&namespace=reused&${range}`);
    expect(byWorkload.rows.map((r) => [r.key, r.podCount, r.count])).toEqual([['reused/toolbox', 1, 6]]);
  });

  it('a pod stored under two workloads by another collector: a new process joins the newest row', async () => {
    const t0 = Date.now() - 30 * 60_000;
    const ts = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    const pod = podSpec('orders', 1, { namespace: 'stored-twice', workload: 'orders' });
    const row = (workload: string, o: Record<string, unknown>) => ({
      Namespace: 'stored-twice',
      Workload: workload,
      WorkloadKind: 'Deployment',
      ServiceName: 'orders',
      PodName: pod.podName,
      PodUid: pod.podUid,
      NodeName: 'node-1',
      HostIp: '10.1.2.3',
      FirstSeen: ts(t0),
      LastSeen: ts(t0 + 60_000),
      EndedAt: ts(t0 + 60_000),
      State: 'stopped',
      EndReason: 'graceful stop',
      InstanceCount: 1,
      RestartCount: 0,
      CurrentInstanceId: 'old-instance',
      ...o,
    });
    await app.ch.writer.insert({
      table: `${db}.pods`,
      format: 'JSONEachRow',
      values: [
        // the older write (lower Version, fewer digits) even has the later FirstSeen
        row('orders-legacy', { FirstSeen: ts(t0 + 1000), Version: 900 }),
        row('orders', { InstanceCount: 2, RestartCount: 1, Version: 2_000 }),
      ],
    });
    await event(pod, LIFECYCLE_EVENTS.started, t0 + 5 * 60_000);
    await app.lifecycleTracker.tick();

    const stored = await podRows('stored-twice', pod.podName);
    expect(stored.map((r) => [r.w, BigInt(r.v) > 2_000n])).toEqual([
      ['orders', true],
      ['orders-legacy', false],
    ]);
    const pods = await api<PodsResponse>(`/pods?namespace=stored-twice&from=${t0 - 60_000}&to=${Date.now()}`);
    expect(pods.pods.map((p) => [p.workload, p.state, p.instanceCount, p.restartCount])).toEqual([
      ['orders', 'running', 3, 2],
    ]);
  });
});

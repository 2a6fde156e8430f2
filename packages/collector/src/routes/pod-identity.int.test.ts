import type { PodsResponse, PostMortemResponse, ServicesResponse, VelocityResponse } from '@podtrail/contracts/api';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChHandle } from '../store/query.js';
import { type ClickHouseTarget, clickhouseTarget } from '../testing/clickhouse-target.js';
import { HOUR, MIN } from '../testing/query-fixture.js';
import { insertSpans, openTarget, readQueryApp, type SeedSpan } from '../testing/query-harness.js';

/**
 * One pod, one identity: a pod the pods table holds under two workloads (as a second collector or
 * an older version wrote it: first registered from its spans under the service name, then under
 * its Deployment; the ORDER BY key holds the workload, so FINAL keeps both rows) is counted and
 * shown once, with the facts of its row of highest Version, in velocity (every groupBy, with and
 * without a page), the pods list and count, the post-mortem and the services list.
 */
const READ = 'read-token-pod-identity-0001';
const now = Date.now();
const t3 = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const NS = 'shop';
/** the pod under two workloads, its transactions under both */
const TWICE = 'web-7d4b9c8f5-x2x7q';
/** a pod of one row */
const ONCE = 'web-7d4b9c8f5-bcdfg';
const TWICE_TX = { checkout: 3, web: 4 };
const ONCE_TX = 2;

let target: ClickHouseTarget | undefined;
let ch: ChHandle;
let app: FastifyInstance;

function podRow(pod: string, over: Record<string, unknown>): Record<string, unknown> {
  return {
    Namespace: NS,
    Workload: 'web',
    WorkloadKind: 'Deployment',
    ServiceName: 'checkout',
    PodName: pod,
    PodUid: `uid-${pod}`,
    NodeName: 'node-1',
    HostIp: '10.0.0.1',
    FirstSeen: t3(now - 90 * MIN),
    LastSeen: t3(now - MIN),
    EndedAt: null,
    State: 'running',
    EndReason: '',
    InstanceCount: 1,
    RestartCount: 0,
    CurrentInstanceId: `${pod}-i1`,
    Version: 1_000,
    ...over,
  };
}

function transactions(pod: string, service: string, workload: string, instance: string, n: number, first: number) {
  const out: SeedSpan[] = [];
  for (let i = 0; i < n; i++) {
    const id = first + i;
    out.push({
      startNs: BigInt(now - 80 * MIN + (id % 100) * 5 * MIN) * 1_000_000n,
      durationNs: 20_000_000 + id * 1_000_000,
      traceId: id.toString(16).padStart(32, '0'),
      spanId: id.toString(16).padStart(16, '0'),
      name: 'GET /cart',
      isTransaction: true,
      service,
      namespace: NS,
      workload,
      pod,
      instance,
      route: '/cart',
      httpStatus: 200,
    });
  }
  return out;
}

beforeAll(async () => {
  target = clickhouseTarget('podtrail-pod-identity-');
  ch = await openTarget(target);
  await ch.writer.insert({
    table: `\`${ch.database}\`.pods`,
    format: 'JSONEachRow',
    values: [
      // registered from its spans (no workload attribute: the service name) by another collector,
      // which went on seeing it a while: still running under that key, last seen after the crash
      podRow(TWICE, { Workload: 'checkout', WorkloadKind: '', LastSeen: t3(now - 5 * MIN), Version: 1_000 }),
      // the same pod under its Deployment, written later: crashed after a restart
      podRow(TWICE, {
        State: 'crashed',
        EndedAt: t3(now - 10 * MIN),
        LastSeen: t3(now - 10 * MIN),
        EndReason: 'Error: boom',
        InstanceCount: 2,
        RestartCount: 1,
        CurrentInstanceId: `${TWICE}-i2`,
        Version: 2_000,
      }),
      podRow(ONCE, { ServiceName: 'web', Version: 1_500 }),
    ],
  });
  await insertSpans(ch, [
    ...transactions(TWICE, 'checkout', 'checkout', `${TWICE}-i1`, TWICE_TX.checkout, 1),
    ...transactions(TWICE, 'checkout', 'web', `${TWICE}-i2`, TWICE_TX.web, 100),
    ...transactions(ONCE, 'web', 'web', `${ONCE}-i1`, ONCE_TX, 200),
  ]);
  app = await readQueryApp(ch, READ);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await ch?.reader.close();
  await ch?.writer.close();
  await target?.cleanup();
});

async function get<T>(path: string): Promise<{ body: string; json: T }> {
  const sep = path.includes('?') ? '&' : '?';
  const res = await app.inject({
    url: `/api/v1${path}${sep}from=${now - 2 * HOUR}&to=${now}`,
    headers: { authorization: `Bearer ${READ}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return { body: res.body, json: res.json() as T };
}

const velocity = async (query: string) => (await get<VelocityResponse>(`/velocity?${query}`)).json;

describe('a pod stored under two workloads', () => {
  it('velocity by pod: the pod once, its transactions counted once, the newest row its facts', async () => {
    const v = await velocity('groupBy=pod');
    expect([v.total, v.rows.map((r) => r.key).sort()]).toEqual([2, [`${NS}/${ONCE}`, `${NS}/${TWICE}`]]);
    const row = v.rows.find((r) => r.podName === TWICE);
    expect(row).toMatchObject({
      workload: 'web',
      podCount: 1,
      instanceCount: 2,
      state: 'crashed',
      endedAt: new Date(now - 10 * MIN).toISOString(),
      endReason: 'Error: boom',
      count: TWICE_TX.checkout + TWICE_TX.web,
    });
  });

  it('velocity by pod, a page: the same count, the total counts the pod once', async () => {
    const v = await velocity('groupBy=pod&limit=10');
    expect(v.total).toBe(2);
    expect(v.rows.map((r) => [r.podName, r.count, r.endReason])).toEqual([
      [TWICE, TWICE_TX.checkout + TWICE_TX.web, 'Error: boom'],
      [ONCE, ONCE_TX, ''],
    ]);
  });

  it('velocity by pod answers the same bytes run after run', async () => {
    const first = (await get<VelocityResponse>('/velocity?groupBy=pod')).body;
    for (let i = 0; i < 3; i++) expect((await get<VelocityResponse>('/velocity?groupBy=pod')).body).toBe(first);
  });

  it('velocity by workload: the pod counted once, under the workload of its newest row', async () => {
    const v = await velocity('groupBy=workload');
    expect(v.rows.map((r) => [r.key, r.podCount, r.instanceCount, r.count])).toEqual([
      [`${NS}/web`, 2, 3, TWICE_TX.checkout + TWICE_TX.web + ONCE_TX],
    ]);
  });

  it('velocity by service: the pod counted once', async () => {
    const v = await velocity('groupBy=service');
    expect(v.rows.map((r) => [r.key, r.podCount, r.count])).toEqual([
      ['checkout', 1, TWICE_TX.checkout + TWICE_TX.web],
      ['web', 1, ONCE_TX],
    ]);
  });

  it('the pods list and its count show the pod once, with its newest row', async () => {
    const { json } = await get<PodsResponse>('/pods');
    expect([json.total, json.running, json.restarts]).toEqual([2, 1, 1]);
    expect(json.pods.map((p) => [p.podName, p.workload, p.state, p.endReason])).toEqual([
      [ONCE, 'web', 'running', ''],
      [TWICE, 'web', 'crashed', 'Error: boom'],
    ]);
  });

  it('a workload filter sees the pod under its newest workload only', async () => {
    const web = (await get<PodsResponse>('/pods?workload=web')).json;
    expect(web.pods.map((p) => p.podName).sort()).toEqual([ONCE, TWICE].sort());
    const checkout = (await get<PodsResponse>('/pods?workload=checkout')).json;
    expect([checkout.total, checkout.pods.length]).toEqual([0, 0]);
    const running = (await get<PodsResponse>('/pods?state=running')).json;
    expect(running.pods.map((p) => p.podName)).toEqual([ONCE]);
  });

  it('a window only its superseded row reaches (still running) lists it nowhere: its newest row ended before', async () => {
    // the last 5 minutes: the 'checkout' row says running, the newest row ended 10 minutes ago
    const last5 = `from=${now - 5 * MIN}&to=${now}`;
    const res = await Promise.all(
      [`/pods?${last5}`, `/velocity?groupBy=pod&${last5}`, `/velocity?groupBy=workload&${last5}`].map((url) =>
        app.inject({ url: `/api/v1${url}`, headers: { authorization: `Bearer ${READ}` } }),
      ),
    );
    const [pods, byPod, byWorkload] = res.map((r) => r.json());
    expect([pods.total, pods.running, pods.pods.map((p: { podName: string }) => p.podName)]).toEqual([1, 1, [ONCE]]);
    expect([byPod.total, byPod.rows.map((r: { podName: string }) => r.podName)]).toEqual([1, [ONCE]]);
    expect(byWorkload.rows.map((r: { key: string; podCount: number }) => [r.key, r.podCount])).toEqual([
      [`${NS}/web`, 1],
    ]);
  });

  it('the post-mortem is the newest row', async () => {
    const { json } = await get<PostMortemResponse>(`/pods/${NS}/${TWICE}`);
    expect([json.pod.workload, json.pod.state, json.pod.endReason, json.pod.instanceCount]).toEqual([
      'web',
      'crashed',
      'Error: boom',
      2,
    ]);
  });

  it('the services list counts the pod once, under its newest workload', async () => {
    const { json } = await get<ServicesResponse>('/services');
    expect(json.services.map((s) => [s.serviceName, s.workloads, s.podCount, s.runningPods])).toEqual([
      ['checkout', ['web'], 1, 0],
      ['web', ['web'], 1, 1],
    ]);
  });
});

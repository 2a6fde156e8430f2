import type { PodsResponse } from '@podtrail/contracts/api';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChHandle } from '../store/query.js';
import { type ClickHouseTarget, clickhouseTarget } from '../testing/clickhouse-target.js';
import { HOUR, MIN } from '../testing/query-fixture.js';
import { closeQueryTest, openTarget, readQueryApp } from '../testing/query-harness.js';

/**
 * GET /pods counts restarts the way its rows show them: the cluster's count (`kubectl get pods`
 * RESTARTS) for a pod the Kubernetes watcher knows, the agent's otherwise, in the `restarts` total
 * and in the restarts sort alike. An agent pod of a CronJob gets the cluster's workload kind.
 */
const READ = 'read-token-pods-restarts-0001';
let target: ClickHouseTarget | undefined;
let ch: ChHandle;
let app: FastifyInstance;
const now = Date.now();
const t3 = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** [pod, agent's restarts or null (never ran an agent), cluster's restarts or null (unknown to it)] */
const PODS: [string, number | null, number | null][] = [
  ['web-a', 1, 6], // OOM kills the agent saw only partly
  ['web-b', 2, 2],
  ['web-c', 3, null], // no watcher row: the agent's count
  ['web-d', null, 4], // never ran an agent: Pending/CrashLoopBackOff before the agent started
];
/** the agent takes <cronjob>-<minutes>-<5 random> for a Deployment's pod name; the cluster knows better */
const CRON_POD = 'nightly-29400000-bcdfg';

beforeAll(async () => {
  target = clickhouseTarget('podtrail-pods-restarts-');
  ch = await openTarget(target);
  const agent = PODS.filter(([, a]) => a !== null).map(([p, restarts]) => ({
    Namespace: 'shop',
    Workload: 'web',
    WorkloadKind: 'Deployment',
    ServiceName: 'web',
    PodName: p,
    PodUid: `uid-${p}`,
    NodeName: 'node-1',
    HostIp: '10.0.0.1',
    FirstSeen: t3(now - HOUR),
    LastSeen: t3(now - MIN),
    EndedAt: null,
    State: 'running',
    EndReason: '',
    InstanceCount: 1 + (restarts ?? 0),
    RestartCount: restarts,
    CurrentInstanceId: `${p}-i`,
    Version: 1,
  }));
  const cronAgent = {
    ...agent[0]!,
    Workload: 'nightly',
    ServiceName: 'nightly',
    PodName: CRON_POD,
    PodUid: `uid-${CRON_POD}`,
    RestartCount: 0,
  };
  await ch.writer.insert({ table: `\`${ch.database}\`.pods`, format: 'JSONEachRow', values: [...agent, cronAgent] });
  const cluster = (p: string, restarts: number, version: number, workload = 'web', kind = 'Deployment') => ({
    Namespace: 'shop',
    PodName: p,
    PodUid: `uid-${p}`,
    Workload: workload,
    WorkloadKind: kind,
    NodeName: 'node-1',
    HostIp: '10.0.0.1',
    Phase: 'Running',
    Reason: '',
    Message: '',
    WaitingReason: p === 'web-d' ? 'CrashLoopBackOff' : '',
    WaitingMessage: '',
    RestartCount: restarts,
    Ready: 0,
    ContainerNames: ['app'],
    ContainerRestarts: [restarts],
    ContainerReady: [0],
    ContainerStates: ['running'],
    ContainerReasons: [''],
    CreatedAt: t3(now - HOUR),
    StartedAt: t3(now - HOUR),
    EndedAt: null,
    EndReason: '',
    Deleted: 0,
    UpdatedAt: t3(now - MIN),
    Version: version,
  });
  await ch.writer.insert({
    table: `\`${ch.database}\`.k8s_pods`,
    format: 'JSONEachRow',
    values: [
      ...PODS.flatMap(([p, , c]) => (c === null ? [] : [cluster(p, 0, 1), cluster(p, c, 2)])),
      cluster(CRON_POD, 0, 1, 'nightly', 'CronJob'),
    ],
  });
  app = await readQueryApp(ch, READ);
}, 120_000);

afterAll(() => closeQueryTest({ app, ch, target }));

async function pods(params: string): Promise<PodsResponse> {
  const res = await app.inject({
    url: `/api/v1/pods?from=${now - 2 * HOUR}&to=${now}${params}`,
    headers: { authorization: `Bearer ${READ}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as PodsResponse;
}

describe('GET /pods restarts', () => {
  it("totals the rows' restart counts: the cluster's where it knows the pod", async () => {
    const r = await pods('&workload=web&sort=restarts');
    expect(r.pods.map((p) => [p.podName, p.restartCount])).toEqual([
      ['web-a', 6],
      ['web-d', 4],
      ['web-c', 3],
      ['web-b', 2],
    ]);
    expect(r.restarts).toBe(6 + 4 + 3 + 2);
    expect(r.restarts).toBe(r.pods.reduce((n, p) => n + p.restartCount, 0));
    // a page of it: the total is still the whole match's
    const page = await pods('&workload=web&sort=restarts&order=asc&limit=2');
    expect(page.pods.map((p) => [p.podName, p.restartCount])).toEqual([
      ['web-b', 2],
      ['web-c', 3],
    ]);
    expect([page.total, page.restarts]).toEqual([4, 15]);
  });

  it("gives an agent pod the cluster's workload kind when both name the same workload", async () => {
    const r = await pods('&workload=nightly');
    expect(r.pods.map((p) => [p.podName, p.workload, p.workloadKind, p.restartCount])).toEqual([
      [CRON_POD, 'nightly', 'CronJob', 0],
    ]);
    const web = await pods('&workload=web');
    expect(new Set(web.pods.map((p) => p.workloadKind))).toEqual(new Set(['Deployment']));
  });
});

import { createHash } from 'node:crypto';
import type { Pod, PodKubernetesResponse, PodsResponse, PostMortemResponse } from '@podtrail/contracts/api';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChHandle } from '../store/query.js';
import { type ClickHouseTarget, clickhouseTarget } from '../testing/clickhouse-target.js';
import { HOUR, MIN } from '../testing/query-fixture.js';
import { closeQueryTest, openTarget, readQueryApp } from '../testing/query-harness.js';

/**
 * GET /pods lists a pod the cluster knows and the pods table holds once even when their uids
 * differ: an SDK that sends no k8s.pod.uid (PodUid ''), an agent run without POD_UID (a uid derived
 * from the host name). Same namespace and name, overlapping lifetimes: the same pod, shown with the
 * cluster's uid (and so its facts). A StatefulSet pod re-created under its name at another time is
 * two pods; a pod only the cluster knows is still listed. The pod page (post-mortem) shows the same
 * cluster pod as the list: its uid, node, restarts, terminations and events.
 */
const READ = 'read-token-pods-cluster-match-0001';
const NS = 'shop';
const now = Date.now();
const t3 = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** The agent's uid for a pod without POD_UID (packages/agent/src/identity.ts hostStableUid). */
function hostStableUid(host: string): string {
  const h = createHash('sha256').update(`podtrail:${host}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** span-only pod of an SDK without k8s.pod.uid (nor k8s.node.name) */
const SPAN_ONLY = 'cart-7d4b9c8f5-x2x7q';
/** agent without POD_UID */
const HOST_UID = 'pay-6c5d8f7b9-bcdfg';
/** StatefulSet pod re-created: the agent (no POD_UID) saw only the second incarnation */
const STS = 'db-0';
/** StatefulSet pod re-created: the agent (no POD_UID) saw only the first; the second is Pending */
const STS_OLD = 'redis-0';
/** StatefulSet pod re-created, the agent with POD_UID saw the second: matched by uid as before */
const STS_UID = 'db-1';
/** never ran an agent */
const PENDING = 'web-5f6d7c8b9-wxyzq';

interface AgentPod {
  pod: string;
  workload: string;
  kind: string;
  uid: string;
  node: string;
  first: number;
  ended: number | null;
  state: string;
  restarts: number;
}

const AGENT_PODS: AgentPod[] = [
  {
    pod: SPAN_ONLY,
    workload: 'cart',
    kind: 'Deployment',
    uid: '',
    node: '',
    first: now - 50 * MIN,
    ended: null,
    state: 'running',
    restarts: 0,
  },
  {
    pod: HOST_UID,
    workload: 'pay',
    kind: 'Deployment',
    uid: hostStableUid(HOST_UID),
    node: 'node-1',
    first: now - 40 * MIN,
    ended: null,
    state: 'running',
    restarts: 1,
  },
  {
    pod: STS,
    workload: 'db',
    kind: 'StatefulSet',
    uid: hostStableUid(STS),
    node: 'node-1',
    first: now - 58 * MIN,
    ended: null,
    state: 'running',
    restarts: 0,
  },
  {
    pod: STS_OLD,
    workload: 'redis',
    kind: 'StatefulSet',
    uid: '',
    node: 'node-1',
    first: now - 100 * MIN,
    ended: now - 70 * MIN,
    state: 'crashed',
    restarts: 0,
  },
  {
    pod: STS_UID,
    workload: 'db',
    kind: 'StatefulSet',
    uid: 'uid-db-1-b',
    node: 'node-2',
    first: now - 58 * MIN,
    ended: null,
    state: 'running',
    restarts: 0,
  },
];

interface ClusterPod {
  pod: string;
  uid: string;
  workload: string;
  kind: string;
  node: string;
  created: number;
  ended: number | null;
  phase: string;
  restarts: number;
}

const CLUSTER_PODS: ClusterPod[] = [
  {
    pod: SPAN_ONLY,
    uid: 'uid-cart-real',
    workload: 'cart',
    kind: 'Deployment',
    node: 'node-3',
    created: now - 52 * MIN,
    ended: null,
    phase: 'Running',
    restarts: 2,
  },
  {
    pod: HOST_UID,
    uid: 'uid-pay-real',
    workload: 'pay',
    kind: 'Deployment',
    node: 'node-1',
    created: now - 41 * MIN,
    ended: null,
    phase: 'Running',
    restarts: 5,
  },
  {
    pod: STS,
    uid: 'uid-db-0-a',
    workload: 'db',
    kind: 'StatefulSet',
    node: 'node-2',
    created: now - 100 * MIN,
    ended: now - 70 * MIN,
    phase: 'Running',
    restarts: 0,
  },
  {
    pod: STS,
    uid: 'uid-db-0-b',
    workload: 'db',
    kind: 'StatefulSet',
    node: 'node-1',
    created: now - 60 * MIN,
    ended: null,
    phase: 'Running',
    restarts: 0,
  },
  {
    pod: STS_OLD,
    uid: 'uid-redis-0-a',
    workload: 'redis',
    kind: 'StatefulSet',
    node: 'node-1',
    created: now - 101 * MIN,
    ended: now - 70 * MIN,
    phase: 'Running',
    restarts: 0,
  },
  {
    pod: STS_OLD,
    uid: 'uid-redis-0-b',
    workload: 'redis',
    kind: 'StatefulSet',
    node: '',
    created: now - 30 * MIN,
    ended: null,
    phase: 'Pending',
    restarts: 0,
  },
  {
    pod: STS_UID,
    uid: 'uid-db-1-a',
    workload: 'db',
    kind: 'StatefulSet',
    node: 'node-2',
    created: now - 100 * MIN,
    ended: now - 70 * MIN,
    phase: 'Running',
    restarts: 0,
  },
  {
    pod: STS_UID,
    uid: 'uid-db-1-b',
    workload: 'db',
    kind: 'StatefulSet',
    node: 'node-2',
    created: now - 60 * MIN,
    ended: null,
    phase: 'Running',
    restarts: 0,
  },
  {
    pod: PENDING,
    uid: 'uid-web-pending',
    workload: 'web',
    kind: 'Deployment',
    node: '',
    created: now - 20 * MIN,
    ended: null,
    phase: 'Pending',
    restarts: 0,
  },
];

/** [pod, cluster uid, reason, exit code, finished at, restart count] of the cluster's terminations */
const TERMINATIONS: [string, string, string, number, number, number][] = [
  [SPAN_ONLY, 'uid-cart-real', 'Error', 1, now - 30 * MIN, 1],
  [SPAN_ONLY, 'uid-cart-real', 'OOMKilled', 137, now - 20 * MIN, 2],
  [HOST_UID, 'uid-pay-real', 'OOMKilled', 137, now - 10 * MIN, 5],
  // earlier incarnations of re-created StatefulSet pods: never on the later one's page
  [STS, 'uid-db-0-a', 'Error', 2, now - 75 * MIN, 0],
  [STS_UID, 'uid-db-1-a', 'Error', 3, now - 75 * MIN, 0],
  // the later incarnation of redis-0: never on the page of the first (the agent's)
  [STS_OLD, 'uid-redis-0-b', 'Error', 4, now - 5 * MIN, 0],
];
/** [pod, cluster uid, reason, at] of the cluster's events of pods */
const EVENTS: [string, string, string, number][] = [
  [SPAN_ONLY, 'uid-cart-real', 'BackOff', now - 19 * MIN],
  [HOST_UID, 'uid-pay-real', 'Unhealthy', now - 11 * MIN],
  [STS, 'uid-db-0-a', 'Killing', now - 71 * MIN],
  [STS, 'uid-db-0-b', 'Started', now - 59 * MIN],
  [STS_OLD, 'uid-redis-0-a', 'Killing', now - 71 * MIN],
  [STS_OLD, 'uid-redis-0-b', 'FailedScheduling', now - 29 * MIN],
  [STS_UID, 'uid-db-1-a', 'Killing', now - 71 * MIN],
];

let target: ClickHouseTarget | undefined;
let ch: ChHandle;
let app: FastifyInstance;

beforeAll(async () => {
  target = clickhouseTarget('podtrail-pods-cluster-match-');
  ch = await openTarget(target);
  await ch.writer.insert({
    table: `\`${ch.database}\`.pods`,
    format: 'JSONEachRow',
    values: AGENT_PODS.map((a) => ({
      Namespace: NS,
      Workload: a.workload,
      WorkloadKind: a.kind,
      ServiceName: a.workload,
      PodName: a.pod,
      PodUid: a.uid,
      NodeName: a.node,
      HostIp: '10.0.0.1',
      FirstSeen: t3(a.first),
      LastSeen: t3(a.ended ?? now - MIN),
      EndedAt: a.ended === null ? null : t3(a.ended),
      State: a.state,
      EndReason: a.state === 'crashed' ? 'Error: boom' : '',
      InstanceCount: 1 + a.restarts,
      RestartCount: a.restarts,
      CurrentInstanceId: `${a.pod}-i`,
      Version: 1,
    })),
  });
  await ch.writer.insert({
    table: `\`${ch.database}\`.k8s_pods`,
    format: 'JSONEachRow',
    values: CLUSTER_PODS.map((c) => ({
      Namespace: NS,
      PodName: c.pod,
      PodUid: c.uid,
      Workload: c.workload,
      WorkloadKind: c.kind,
      NodeName: c.node,
      HostIp: '',
      Phase: c.phase,
      Reason: '',
      Message: '',
      WaitingReason: '',
      WaitingMessage: '',
      RestartCount: c.restarts,
      Ready: c.ended === null && c.phase === 'Running' ? 1 : 0,
      ContainerNames: ['app'],
      ContainerRestarts: [c.restarts],
      ContainerReady: [0],
      ContainerStates: [c.phase === 'Pending' ? 'waiting' : 'running'],
      ContainerReasons: [''],
      CreatedAt: t3(c.created),
      StartedAt: c.phase === 'Pending' ? null : t3(c.created + MIN),
      EndedAt: c.ended === null ? null : t3(c.ended),
      EndReason: c.ended === null ? '' : 'Deleted',
      Deleted: c.ended === null ? 0 : 1,
      UpdatedAt: t3(c.ended ?? now - MIN),
      Version: 1,
    })),
  });
  await ch.writer.insert({
    table: `\`${ch.database}\`.k8s_terminations`,
    format: 'JSONEachRow',
    values: TERMINATIONS.map(([pod, uid, reason, exitCode, at, restarts]) => ({
      Namespace: NS,
      PodName: pod,
      PodUid: uid,
      Workload: pod.split('-')[0],
      Container: 'app',
      RestartCount: restarts,
      Reason: reason,
      ExitCode: exitCode,
      Signal: 0,
      Message: '',
      StartedAt: t3(at - 5 * MIN),
      FinishedAt: t3(at),
      ContainerId: `cid-${uid}-${restarts}`,
      ObservedAt: t3(at),
    })),
  });
  await ch.writer.insert({
    table: `\`${ch.database}\`.k8s_events`,
    format: 'JSONEachRow',
    values: EVENTS.map(([pod, uid, reason, at]) => ({
      Timestamp: t3(at),
      Namespace: NS,
      InvolvedKind: 'Pod',
      InvolvedName: pod,
      InvolvedUid: uid,
      Workload: pod.split('-')[0],
      Uid: `ev-${uid}-${reason}`,
      Type: 'Warning',
      Reason: reason,
      Message: `${reason} ${uid}`,
      Count: 1,
      Source: 'kubelet',
    })),
  });
  app = await readQueryApp(ch, READ);
}, 120_000);

afterAll(() => closeQueryTest({ app, ch, target }));

async function pods(params: string): Promise<PodsResponse> {
  const res = await app.inject({
    url: `/api/v1/pods?from=${now - 2 * HOUR}&to=${now}&sort=pod${params}`,
    headers: { authorization: `Bearer ${READ}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as PodsResponse;
}

/** [pod, uid, node, instances, state, restarts] of each row */
const facts = (r: PodsResponse) =>
  r.pods.map((p: Pod) => [p.podName, p.podUid, p.nodeName, p.instanceCount, p.state, p.restartCount]);

describe('GET /pods: a pod the cluster and the pods table know under different uids', () => {
  it('lists a span-only pod without uid once, with the cluster uid, node and restarts', async () => {
    const r = await pods(`&q=${SPAN_ONLY}`);
    expect(facts(r)).toEqual([[SPAN_ONLY, 'uid-cart-real', 'node-3', 1, 'running', 2]]);
    expect(r.pods[0]?.kubernetes).toMatchObject({ phase: 'Running', restartCount: 2, ready: true });
    expect([r.total, r.running, r.restarts]).toEqual([1, 1, 2]);
  });

  it('lists a pod of an agent without POD_UID (host-derived uid) once, with the cluster uid', async () => {
    const r = await pods(`&q=${HOST_UID}`);
    expect(facts(r)).toEqual([[HOST_UID, 'uid-pay-real', 'node-1', 2, 'running', 5]]);
    expect([r.total, r.running, r.restarts]).toEqual([1, 1, 5]);
  });

  it('lists both incarnations of a re-created StatefulSet pod whose lifetimes do not overlap', async () => {
    const db0 = await pods(`&q=${STS}`);
    expect(facts(db0)).toEqual([
      // the cluster-only first incarnation (never seen by the agent), ended: killed by its deletion
      [STS, 'uid-db-0-a', 'node-2', 0, 'killed', 0],
      [STS, 'uid-db-0-b', 'node-1', 1, 'running', 0],
    ]);
    expect([db0.total, db0.running]).toEqual([2, 1]);
    const redis0 = await pods(`&q=${STS_OLD}`);
    expect(facts(redis0)).toEqual([
      // the agent's pod is the first incarnation; the second, Pending, only the cluster knows
      [STS_OLD, 'uid-redis-0-a', 'node-1', 1, 'crashed', 0],
      [STS_OLD, 'uid-redis-0-b', '', 0, 'running', 0],
    ]);
    expect([redis0.total, redis0.running]).toEqual([2, 1]);
    const db1 = await pods(`&q=${STS_UID}`);
    expect(facts(db1)).toEqual([
      [STS_UID, 'uid-db-1-a', 'node-2', 0, 'killed', 0],
      [STS_UID, 'uid-db-1-b', 'node-2', 1, 'running', 0],
    ]);
  });

  it('still lists a pod only the cluster knows', async () => {
    const r = await pods(`&q=${PENDING}`);
    expect(facts(r)).toEqual([[PENDING, 'uid-web-pending', '', 0, 'running', 0]]);
    expect(r.pods[0]?.kubernetes).toMatchObject({ phase: 'Pending' });
  });

  it('counts what it lists: every pod once', async () => {
    const r = await pods('');
    expect(r.pods.map((p) => `${p.podName} ${p.podUid}`)).toEqual([
      `${SPAN_ONLY} uid-cart-real`,
      `${STS} uid-db-0-a`,
      `${STS} uid-db-0-b`,
      `${STS_UID} uid-db-1-a`,
      `${STS_UID} uid-db-1-b`,
      `${HOST_UID} uid-pay-real`,
      `${STS_OLD} uid-redis-0-a`,
      `${STS_OLD} uid-redis-0-b`,
      `${PENDING} uid-web-pending`,
    ]);
    expect([r.total, r.running, r.restarts]).toEqual([9, 6, 2 + 5]);
    const db = await pods('&workload=db');
    expect([db.total, db.pods.length]).toEqual([4, 4]);
  });
});

async function page(pod: string): Promise<PostMortemResponse> {
  const res = await app.inject({ url: `/api/v1/pods/${NS}/${pod}`, headers: { authorization: `Bearer ${READ}` } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as PostMortemResponse;
}

async function describePod(uid: string): Promise<PodKubernetesResponse> {
  const res = await app.inject({ url: `/api/v1/pods/${uid}/kubernetes`, headers: { authorization: `Bearer ${READ}` } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as PodKubernetesResponse;
}

/** [reason, exit code, restart count] of the page's cluster terminations, [reason, message] of its events */
const k8sFacts = (r: PostMortemResponse) => ({
  terminations: r.kubernetes?.terminations.map((t) => [t.reason, t.exitCode, t.restartCount]),
  events: r.kubernetes?.events.map((e) => [e.reason, e.message]),
});

describe('GET /pods/:namespace/:podName: the cluster pod the list shows', () => {
  it('shows a span-only pod without uid with the cluster uid, node, restarts and Kubernetes facts', async () => {
    const r = await page(SPAN_ONLY);
    const listed = (await pods(`&q=${SPAN_ONLY}`)).pods;
    expect([r.pod]).toEqual(listed);
    expect(facts({ pods: [r.pod] } as PodsResponse)).toEqual([[SPAN_ONLY, 'uid-cart-real', 'node-3', 1, 'running', 2]]);
    expect(r.pod.kubernetes).toMatchObject({ phase: 'Running', restartCount: 2, ready: true });
    expect(k8sFacts(r)).toEqual({
      terminations: [
        ['Error', 1, 1],
        ['OOMKilled', 137, 2],
      ],
      events: [['BackOff', 'BackOff uid-cart-real']],
    });
    // the page's uid is the one its Kubernetes panel asks for
    const described = await describePod(r.pod.podUid);
    expect([described.pod.podName, described.pod.restartCount, described.terminations.length]).toEqual([
      SPAN_ONLY,
      2,
      2,
    ]);
  });

  it('shows a pod of an agent without POD_UID with the cluster uid and its facts', async () => {
    const r = await page(HOST_UID);
    expect([r.pod]).toEqual((await pods(`&q=${HOST_UID}`)).pods);
    expect(facts({ pods: [r.pod] } as PodsResponse)).toEqual([[HOST_UID, 'uid-pay-real', 'node-1', 2, 'running', 5]]);
    expect(k8sFacts(r)).toEqual({
      terminations: [['OOMKilled', 137, 5]],
      events: [['Unhealthy', 'Unhealthy uid-pay-real']],
    });
  });

  it('takes the incarnation of a re-created StatefulSet pod alive with the agent, never the other', async () => {
    const db0 = await page(STS);
    expect(facts({ pods: [db0.pod] } as PodsResponse)).toEqual([[STS, 'uid-db-0-b', 'node-1', 1, 'running', 0]]);
    expect(k8sFacts(db0)).toEqual({ terminations: [], events: [['Started', 'Started uid-db-0-b']] });
    const redis0 = await page(STS_OLD);
    expect(facts({ pods: [redis0.pod] } as PodsResponse)).toEqual([
      [STS_OLD, 'uid-redis-0-a', 'node-1', 1, 'crashed', 0],
    ]);
    expect(k8sFacts(redis0)).toEqual({ terminations: [], events: [['Killing', 'Killing uid-redis-0-a']] });
    expect([redis0.pod]).toEqual((await pods(`&q=${STS_OLD}`)).pods.filter((p) => p.podUid === 'uid-redis-0-a'));
  });

  it('keeps a pod whose uid the cluster knows on that uid', async () => {
    const db1 = await page(STS_UID);
    expect(facts({ pods: [db1.pod] } as PodsResponse)).toEqual([[STS_UID, 'uid-db-1-b', 'node-2', 1, 'running', 0]]);
    expect(k8sFacts(db1)).toEqual({ terminations: [], events: [] });
    expect([db1.pod]).toEqual((await pods(`&q=${STS_UID}`)).pods.filter((p) => p.podUid === 'uid-db-1-b'));
  });
});

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  type Instance,
  type MetricPoint,
  type Pod,
  PodParams,
  type PodState,
  PodsQuery,
  PodsResponse,
  type PodsSort,
  PostMortemResponse,
} from '@podtrail/contracts/api';
import { LIST_PAGE_DEFAULT } from '@podtrail/contracts/rules';
import { LIFECYCLE_ATTRS, LIFECYCLE_EVENTS } from '@podtrail/contracts/wire';
import { ApiError } from '../errors.js';
import { toTermination } from '../kubernetes/end-merge.js';
import { type StoredPodTransitionRow, toPodTransition } from '../lifecycle/pod-transition.js';
import { type ChHandle, getCh, select } from '../store/query.js';
import { sql } from '../store/sql.js';
import {
  type ClusterFacts,
  type EventRead,
  instanceWithClusterFacts,
  loadClusterFacts,
  toKubernetesEvent,
  withClusterFacts,
} from './kubernetes-facts.js';
import { parseJsonArray, podHeartbeats, str, toInFlight } from './pod-heartbeats.js';
import {
  escapeLike,
  iso,
  isoOrNull,
  num,
  type OrderTerm,
  resolveRange,
  type SortDirection,
  Where,
} from './query-util.js';
import { errorResponses } from './schemas.js';
import { type PodRow, type TxRow, toPod, toTransaction } from './tx-common.js';

/**
 * ORDER BY terms of each sort (aliases of pods_list.sql); pages are exact, so ties end on the key:
 * namespace, pod name, then uid (a StatefulSet pod re-created under its name is two rows).
 */
const POD_ORDER: Record<PodsSort, (dir: SortDirection) => OrderTerm[]> = {
  pod: (d) => [['p', d]],
  workload: (d) => [
    ['ns', d],
    ['w', d],
    ['p', d],
  ],
  started: (d) => [['firstSeen', d]],
  ended: (d) => [['endedKey', d]],
  lifetime: (d) => [['lifeMs', d]],
  restarts: (d) => [['restarts', d]],
};
const DEFAULT_POD_ORDER: OrderTerm[] = [
  ['isRunning', 'DESC'],
  ['ns', 'ASC'],
  ['w', 'ASC'],
  ['firstSeen', 'DESC'],
];

export function podOrder(sort: PodsSort | undefined, order: 'asc' | 'desc' | undefined): OrderTerm[] {
  const dir: SortDirection =
    order === undefined ? (sort === 'pod' || sort === 'workload' ? 'ASC' : 'DESC') : order === 'asc' ? 'ASC' : 'DESC';
  const terms = sort === undefined ? DEFAULT_POD_ORDER : POD_ORDER[sort](dir);
  return [...terms, ['ns', 'ASC'], ['p', 'ASC'], ['uid', 'ASC']];
}

/** The pods in the window and filters before LIMIT: how many, running, their restarts. */
interface PageTotals {
  totalPods: number | string;
  totalRunning: number | string;
  totalRestarts: number | string;
}

const NO_PODS: PageTotals = { totalPods: 0, totalRunning: 0, totalRestarts: 0 };

export async function listPods(ch: ChHandle, q: PodsQuery, nowMs = Date.now()): Promise<PodsResponse> {
  const r = resolveRange(q, nowMs);
  const w = new Where().eq('Namespace', q.namespace).eq('Workload', q.workload).eq('ServiceName', q.service);
  if (q.state === 'ended') w.raw("State != 'running'");
  else if (q.state !== undefined) w.bind('State = $', 'String', q.state);
  if (q.q !== undefined) w.bind('PodName ILIKE $', 'String', `%${escapeLike(q.q)}%`);
  const limit = q.limit ?? LIST_PAGE_DEFAULT;
  const offset = q.offset ?? 0;
  const params = { ...w.params, fromMs: r.fromMs, toMs: r.toMs };
  const rows = await select<PodRow & PageTotals>(
    ch,
    w.render(sql('pods_list', ch.database), podOrder(q.sort, q.order)),
    { ...params, limit, offset },
  );
  // the page's rows carry the totals of all pods before LIMIT; only a page past the end needs the count
  const totals: PageTotals =
    rows[0] ??
    (offset === 0 ? undefined : (await select<PageTotals>(ch, w.render(sql('pods_count', ch.database)), params))[0]) ??
    NO_PODS;
  const pods = rows.map(toPod);
  const facts = await loadClusterFacts(
    ch,
    pods.map((p) => p.podUid),
  );
  const starts = await currentInstanceStarts(ch, pods);
  return {
    from: iso(r.fromMs),
    to: iso(r.toMs),
    total: num(totals.totalPods),
    running: num(totals.totalRunning),
    restarts: num(totals.totalRestarts),
    limit,
    offset,
    pods: pods.map((p) => withClusterFacts(p, facts, starts.get(p.currentInstanceId) ?? null)),
  };
}

/** Start times of the pods' current instances (to match the cluster's terminations to them). */
async function currentInstanceStarts(ch: ChHandle, pods: Pod[]): Promise<Map<string, number>> {
  const ids = pods.filter((p) => p.currentInstanceId && p.podUid).map((p) => p.currentInstanceId);
  if (ids.length === 0) return new Map();
  const rows = await select<{ inst: string; startedAt: string }>(ch, sql('instances_started', ch.database), { ids });
  return new Map(rows.map((r) => [r.inst, num(r.startedAt)]));
}

interface InstanceRow {
  inst: string;
  container: string;
  node: string;
  startedAt: string;
  readyAt: string | null;
  lastSeen: string;
  endedAt: string | null;
  state: PodState;
  endReason: string;
  exitDetail: string;
}

interface EndEventRow {
  inst: string;
  event: string;
  body: string;
  attrs: Record<string, string>;
}

export async function postMortem(ch: ChHandle, params: PodParams): Promise<PostMortemResponse> {
  const db = ch.database;
  const podRows = await select<PodRow>(ch, sql('pod_by_name', db), { ns: params.namespace, p: params.podName });
  const podRow = podRows[0];
  if (!podRow) throw new ApiError('API_NOT_FOUND', 'no such pod', 'podName');
  const facts = await loadClusterFacts(ch, [podRow.uid]);
  const key = { ns: podRow.ns, w: podRow.w, p: podRow.p, s: podRow.s };

  const instances = await select<InstanceRow>(ch, sql('pod_instances', db), key);
  const endEvents = await select<EndEventRow>(ch, sql('pod_end_events', db), {
    ...key,
    stopped: LIFECYCLE_EVENTS.stopped,
    crashed: LIFECYCLE_EVENTS.crashed,
  });
  const byInstance = new Map<string, EndEventRow>();
  for (const e of endEvents) byInstance.set(e.inst, e);
  const heartbeats = await podHeartbeats(
    ch,
    key,
    instances.map((i) => ({
      instanceId: i.inst,
      lastSeenMs: num(i.lastSeen),
      endedAtMs: i.endedAt === null ? null : num(i.endedAt),
    })),
  );

  const outInstances: Instance[] = instances.map((i) => {
    const ev = byInstance.get(i.inst);
    const a = ev?.attrs ?? {};
    const exType = a[LIFECYCLE_ATTRS.exceptionType];
    const exMsg = a[LIFECYCLE_ATTRS.exceptionMessage];
    const exStack = a[LIFECYCLE_ATTRS.exceptionStacktrace];
    const hasEx = exType !== undefined || exMsg !== undefined || exStack !== undefined;
    const inst: Instance = {
      instanceId: i.inst,
      containerName: i.container,
      nodeName: i.node,
      startedAt: iso(i.startedAt),
      readyAt: isoOrNull(i.readyAt),
      lastSeen: iso(i.lastSeen),
      endedAt: isoOrNull(i.endedAt),
      state: i.state,
      endReason: i.endReason,
      exitDetail: i.exitDetail,
      exception: hasEx ? { type: exType ?? '', message: exMsg ?? '', stacktrace: exStack ?? '' } : null,
      signal: a[LIFECYCLE_ATTRS.signal] ?? '',
      lastLogs: parseJsonArray(a[LIFECYCLE_ATTRS.lastLogs]).map(str),
      inFlight: parseJsonArray(a[LIFECYCLE_ATTRS.inFlight]).map(toInFlight),
      lastHeartbeat: heartbeats.get(i.inst)?.lastHeartbeat ?? null,
      memory: heartbeats.get(i.inst)?.memory ?? emptyMemory(i.lastSeen),
    };
    return podRow.uid ? instanceWithClusterFacts(inst, podRow.uid, facts) : inst;
  });
  const current = outInstances.find((i) => i.instanceId === podRow.current);
  const pod = withClusterFacts(toPod(podRow), facts, current ? Date.parse(current.startedAt) : null);

  const lastSeenMs = num(podRow.lastSeen);
  const endMs = podRow.endedAt !== null ? Math.max(num(podRow.endedAt), lastSeenMs) : Math.max(lastSeenMs, Date.now());
  const firstMs = num(podRow.firstSeen);
  const life = { ...key, fromMs: firstMs - 60_000, toMs: endMs + 300_000 };
  // Last log lines of every instance from the stored log records (logs table: up to the last batch
  // that reached the store, so SIGKILLed instances have them too); the lines the end event carries
  // only when the table has none for the instance. A failing query is the store's error, answered
  // as such (an empty table gives no lines).
  const logRows = await select<{ inst: string; lines: string[] }>(ch, sql('pod_last_logs', db), life);
  const logsByInstance = new Map(logRows.map((r) => [r.inst, r.lines]));
  for (const i of outInstances) {
    const stored = logsByInstance.get(i.instanceId) ?? [];
    if (stored.length > 0) i.lastLogs = stored;
  }

  const timeline = await select<StoredPodTransitionRow>(ch, sql('pod_transitions', db), key);

  const lastMetrics = await select<{ name: string; v: number; unit: string; ts: string; inst: string }>(
    ch,
    sql('pod_last_metrics', db),
    { ...life, lo: Math.max(firstMs, lastSeenMs - 3_600_000) - 60_000 },
  );

  const slowest = await select<TxRow>(ch, sql('pod_slowest_transactions', db), life);
  const failed = await select<TxRow>(ch, sql('pod_failed_transactions', db), life);
  const lastTransactions = await select<TxRow>(ch, sql('pod_last_transactions', db), life);
  const totals = await select<{ c: string; e: string }>(ch, sql('pod_transaction_totals', db), life);

  return {
    pod,
    instances: outInstances,
    timeline: timeline.map(toPodTransition),
    lastMetrics: lastMetrics.map(
      (m): MetricPoint => ({ name: m.name, value: num(m.v), unit: m.unit, timestamp: iso(m.ts), instanceId: m.inst }),
    ),
    totals: { count: num(totals[0]?.c), errors: num(totals[0]?.e) },
    slowest: slowest.map(toTransaction),
    failed: failed.map(toTransaction),
    lastTransactions: lastTransactions.map(toTransaction),
    ...(facts.pods.has(podRow.uid) ? { kubernetes: await clusterTimeline(ch, podRow.uid, facts) } : {}),
  };
}

async function clusterTimeline(ch: ChHandle, uid: string, facts: ClusterFacts) {
  const events = await select<EventRead>(ch, sql('k8s_pod_events', ch.database), { uid });
  return {
    terminations: (facts.terminations.get(uid) ?? []).map((t) => toTermination(t, facts.probes)),
    events: events.map(toKubernetesEvent),
  };
}

function emptyMemory(lastSeen: string): Instance['memory'] {
  return { heartbeats: 0, bucketMs: 0, heapLimit: null, containerMemoryLimit: null, endsAt: iso(lastSeen), points: [] };
}

const podRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/pods',
    {
      config: { auth: 'read' },
      onRequest: app.requireRole('read'),
      schema: {
        summary: 'Every pod in a window, live or ended',
        tags: ['pods'],
        querystring: PodsQuery,
        response: { 200: PodsResponse, ...errorResponses },
      },
    },
    async (req) => listPods(getCh(app), req.query),
  );
  app.get(
    '/pods/:namespace/:podName',
    {
      config: { auth: 'read' },
      onRequest: app.requireRole('read'),
      schema: {
        summary:
          'Pod post-mortem: lifetime, instances and how each ended, last logs/metrics, slowest and failed transactions',
        tags: ['pods'],
        params: PodParams,
        response: { 200: PostMortemResponse, ...errorResponses },
      },
    },
    async (req) => postMortem(getCh(app), req.params),
  );
};

export default podRoutes;

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  type HpaPoint,
  type KubernetesContainer,
  PodKubernetesResponse,
  PodUidParams,
  WorkloadHpaQuery,
  WorkloadHpaResponse,
  WorkloadParams,
} from '@podtrail/contracts/api';
import { ApiError } from '../errors.js';
import { toTermination } from '../kubernetes/end-merge.js';
import { type ChHandle, getCh, select } from '../store/query.js';
import { sql } from '../store/sql.js';
import {
  type EventRead,
  loadClusterFacts,
  probeEvents,
  type TerminationRead,
  toKubernetesEvent,
  toPodStatus,
  toStored,
} from './kubernetes-facts.js';
import { iso, isoOrNull, num, resolveRange } from './query-util.js';
import { errorResponses } from './schemas.js';

/** The pod as `kubectl describe` shows it: status, containers with their last state, terminations, events. */
export async function podKubernetes(ch: ChHandle, uid: string): Promise<PodKubernetesResponse> {
  const db = ch.database;
  // the status row from the same read as the terminations (loadClusterFacts orders the two reads)
  const facts = await loadClusterFacts(ch, [uid]);
  const row = facts.pods.get(uid);
  if (!row) throw new ApiError('API_NOT_FOUND', 'the cluster has reported no pod with this uid', 'uid');
  const stored = facts.terminations.get(uid) ?? [];
  const terminations = stored.map((t) => toTermination(t, facts.probes)).reverse();
  const containers: KubernetesContainer[] = row.cNames.map((name, i) => ({
    name,
    restartCount: num(row.cRestarts[i]),
    ready: num(row.cReady[i]) === 1,
    state: row.cStates[i] ?? '',
    reason: row.cReasons[i] ?? '',
    lastState: terminations.find((t) => t.container === name) ?? null,
  }));
  const events = await select<EventRead>(ch, sql('k8s_pod_events', db), { uid });
  return { pod: toPodStatus(row), containers, terminations, events: events.map(toKubernetesEvent) };
}

interface HpaRead {
  name: string;
  targetKind: string;
  ts: string;
  minR: number;
  maxR: number;
  cur: number;
  des: number;
  mNames: string[];
  mTypes: string[];
  mTargets: number[];
  mCurrents: (number | null)[];
  lastScale: string | null;
}

interface ReplicasRead {
  ts: string;
  kind: string;
  replicas: number;
  fromR: number;
  ready: number;
  updated: number;
  available: number;
  cause: string;
}

/** HPA history of a workload: every point in the window, preceded by the last one before it. */
export async function workloadHpa(
  ch: ChHandle,
  p: WorkloadParams,
  q: WorkloadHpaQuery,
  nowMs = Date.now(),
): Promise<WorkloadHpaResponse> {
  const r = resolveRange(q, nowMs, { defaultMs: 3_600_000, maxMs: 31 * 86_400_000 });
  const db = ch.database;
  const params = { ns: p.namespace, w: p.workload, fromMs: r.fromMs, toMs: r.toMs };
  const rows = await select<HpaRead>(ch, sql('k8s_hpa_history', db), params);
  const byName = new Map<string, { name: string; targetKind: string; points: HpaPoint[]; before: HpaPoint | null }>();
  for (const h of rows) {
    const e = byName.get(h.name) ?? { name: h.name, targetKind: h.targetKind, points: [], before: null };
    byName.set(h.name, e);
    const point: HpaPoint = {
      ts: iso(h.ts),
      minReplicas: num(h.minR),
      maxReplicas: num(h.maxR),
      currentReplicas: num(h.cur),
      desiredReplicas: num(h.des),
      metrics: h.mNames.map((name, i) => ({
        name,
        type: h.mTypes[i] ?? '',
        target: num(h.mTargets[i]),
        current: h.mCurrents[i] === null || h.mCurrents[i] === undefined ? null : num(h.mCurrents[i]),
      })),
      lastScaleTime: isoOrNull(h.lastScale),
    };
    if (num(h.ts) < r.fromMs) e.before = point;
    else e.points.push(point);
  }
  const replicas = await select<ReplicasRead>(ch, sql('k8s_workload_replicas', db), params);
  const ends = await select<TerminationRead & { p: string }>(ch, sql('k8s_workload_terminations', db), params);
  const probes = await probeEvents(
    ch,
    ends.map((e) => e.uid),
  );
  return {
    namespace: p.namespace,
    workload: p.workload,
    from: iso(r.fromMs),
    to: iso(r.toMs),
    hpas: [...byName.values()].map((e) => ({
      name: e.name,
      targetKind: e.targetKind,
      points: e.before ? [e.before, ...e.points] : e.points,
    })),
    replicas: replicas.map((x) => ({
      ts: iso(x.ts),
      kind: x.kind,
      replicas: num(x.replicas),
      fromReplicas: num(x.fromR),
      readyReplicas: num(x.ready),
      updatedReplicas: num(x.updated),
      availableReplicas: num(x.available),
      cause: x.cause,
    })),
    terminations: ends.map((e) => ({ podName: e.p, ...toTermination(toStored(e), probes) })),
  };
}

const kubernetesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/pods/:uid/kubernetes',
    {
      config: { auth: 'read' },
      onRequest: app.requireRole('read'),
      schema: {
        summary: 'The pod as the cluster reports it: container last states, terminations, Kubernetes events',
        tags: ['kubernetes'],
        params: PodUidParams,
        response: { 200: PodKubernetesResponse, ...errorResponses },
      },
    },
    async (req) => podKubernetes(getCh(app), req.params.uid),
  );
  app.get(
    '/workloads/:namespace/:workload/hpa',
    {
      config: { auth: 'read' },
      onRequest: app.requireRole('read'),
      schema: {
        summary: 'HPA min/max, metric target and current values, desired/current replicas over time; replica changes',
        tags: ['kubernetes'],
        params: WorkloadParams,
        querystring: WorkloadHpaQuery,
        response: { 200: WorkloadHpaResponse, ...errorResponses },
      },
    },
    async (req) => workloadHpa(getCh(app), req.params, req.query),
  );
};

export default kubernetesRoutes;

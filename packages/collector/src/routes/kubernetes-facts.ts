import type {
  Instance,
  KubernetesEvent,
  KubernetesPodStatus,
  Pod,
  PodKubernetesSummary,
} from '@podtrail/contracts/api';
import {
  causeOf,
  matchTermination,
  mergeEnd,
  type ProbeEvent,
  type StoredTermination,
  toTermination,
} from '../kubernetes/end-merge.js';
import { type ChHandle, select } from '../store/query.js';
import { sql } from '../store/sql.js';
import { iso, isoOrNull, num } from './query-util.js';

/** A k8s_pods row (store/sql/parts/k8s_pod_status_columns.sql). */
export interface K8sPodRead {
  ns: string;
  p: string;
  uid: string;
  w: string;
  wk: string;
  node: string;
  phase: string;
  reason: string;
  message: string;
  waiting: string;
  waitingMessage: string;
  restarts: number;
  ready: number;
  cNames: string[];
  cRestarts: number[];
  cReady: number[];
  cStates: string[];
  cReasons: string[];
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  endReason: string;
  deleted: number;
  updatedAt: string;
}

export interface TerminationRead {
  uid: string;
  container: string;
  reason: string;
  exitCode: number;
  signal: number;
  message: string;
  startedAt: string | null;
  finishedAt: string;
  restartCount: number;
}

export interface EventRead {
  ts: string;
  ns: string;
  kind: string;
  name: string;
  w: string;
  type: string;
  reason: string;
  message: string;
  count: number;
  source: string;
}

/** What the cluster says of a set of pods: status, terminations (oldest first), probe events. */
export interface ClusterFacts {
  pods: Map<string, K8sPodRead>;
  terminations: Map<string, StoredTermination[]>;
  probes: ProbeEvent[];
}

export async function loadClusterFacts(ch: ChHandle, uids: string[]): Promise<ClusterFacts> {
  const db = ch.database;
  const wanted = [...new Set(uids.filter(Boolean))];
  const facts: ClusterFacts = { pods: new Map(), terminations: new Map(), probes: [] };
  if (wanted.length === 0) return facts;
  // Terminations first, pods after: the watcher inserts a pod's row before the terminations
  // written with it (cluster-writer.ts), so a termination read here always finds that pod row
  // (its restart count) in the later read. Read side by side, a flush landing between the two
  // reads showed the cluster's end with the restart count from before it. The other way round
  // stays possible for the length of one flush: a pod row seen a moment before its terminations.
  const [terms, probes] = await Promise.all([
    select<TerminationRead>(ch, sql('k8s_terminations_by_uids', db), { uids: wanted }),
    probeEvents(ch, wanted),
  ]);
  const pods = await select<K8sPodRead>(ch, sql('k8s_pods_by_uids', db), { uids: wanted });
  for (const p of pods) facts.pods.set(p.uid, p);
  for (const t of terms) {
    const list = facts.terminations.get(t.uid) ?? [];
    list.push(toStored(t));
    facts.terminations.set(t.uid, list);
  }
  facts.probes = probes;
  return facts;
}

/** Probe failures and probe kills of these pods (the cause of a container's kill). */
export async function probeEvents(ch: ChHandle, uids: string[]): Promise<ProbeEvent[]> {
  const wanted = [...new Set(uids.filter(Boolean))];
  if (wanted.length === 0) return [];
  const rows = await select<{ uid: string; ts: string; reason: string; message: string }>(
    ch,
    sql('k8s_probe_events_by_uids', ch.database),
    { uids: wanted },
  );
  return rows.map((e) => ({ podUid: e.uid, tsMs: num(e.ts), reason: e.reason, message: e.message }));
}

export function toStored(t: TerminationRead): StoredTermination {
  return {
    podUid: t.uid,
    container: t.container,
    reason: t.reason,
    exitCode: num(t.exitCode),
    signal: num(t.signal),
    message: t.message,
    startedAtMs: t.startedAt === null ? null : num(t.startedAt),
    finishedAtMs: num(t.finishedAt),
    restartCount: num(t.restartCount),
  };
}

export function toPodStatus(r: K8sPodRead): KubernetesPodStatus {
  return {
    namespace: r.ns,
    podName: r.p,
    podUid: r.uid,
    workload: r.w,
    workloadKind: r.wk,
    nodeName: r.node,
    phase: r.phase,
    reason: r.reason,
    message: r.message,
    waitingReason: r.waiting,
    waitingMessage: r.waitingMessage,
    restartCount: num(r.restarts),
    ready: num(r.ready) === 1,
    createdAt: iso(r.createdAt),
    startedAt: isoOrNull(r.startedAt),
    endedAt: isoOrNull(r.endedAt),
    endReason: r.endReason,
    deleted: num(r.deleted) === 1,
    updatedAt: iso(r.updatedAt),
  };
}

function summary(r: K8sPodRead): PodKubernetesSummary {
  return {
    phase: r.phase,
    reason: r.reason,
    waitingReason: r.waiting,
    restartCount: num(r.restarts),
    ready: num(r.ready) === 1,
    deleted: num(r.deleted) === 1,
    endReason: r.endReason,
  };
}

export function toKubernetesEvent(e: EventRead): KubernetesEvent {
  return {
    ts: iso(e.ts),
    namespace: e.ns,
    involvedKind: e.kind,
    involvedName: e.name,
    workload: e.w,
    type: e.type,
    reason: e.reason,
    message: e.message,
    count: num(e.count),
    source: e.source,
  };
}

/**
 * The cluster's side of a pod of the list or post-mortem: its summary and restart count (the
 * cluster's: `kubectl get pods` RESTARTS), and for a pod with an agent the end merged with the
 * current instance's cluster termination (kubernetes/end-merge.ts).
 */
export function withClusterFacts(pod: Pod, facts: ClusterFacts, currentStartedAtMs: number | null): Pod {
  const k = facts.pods.get(pod.podUid);
  if (!k) return pod;
  const out: Pod = { ...pod, kubernetes: summary(k), restartCount: num(k.restarts) };
  if (pod.instanceCount === 0) return { ...out, endSource: 'kubernetes' };
  const terms = facts.terminations.get(pod.podUid) ?? [];
  const t = currentStartedAtMs === null ? null : matchTermination(currentStartedAtMs, terms);
  const merged = mergeEnd({ state: pod.state, endReason: pod.endReason }, t, t ? causeOf(t, facts.probes) : '');
  out.state = merged.state;
  out.endReason = merged.endReason;
  out.endSource = merged.endSource;
  if (merged.agentEndReason !== undefined) {
    out.agentEndReason = merged.agentEndReason;
    if (t && out.endedAt === null) out.endedAt = iso(t.finishedAtMs);
  }
  return out;
}

/** An instance of the post-mortem with the cluster's termination of it merged in. */
export function instanceWithClusterFacts(inst: Instance, podUid: string, facts: ClusterFacts): Instance {
  const terms = facts.terminations.get(podUid);
  if (!terms) return inst;
  const t = matchTermination(Date.parse(inst.startedAt), terms);
  if (!t) return { ...inst, kubernetes: null, endSource: 'agent' };
  const cause = causeOf(t, facts.probes);
  const merged = mergeEnd({ state: inst.state, endReason: inst.endReason }, t, cause);
  const out: Instance = {
    ...inst,
    state: merged.state,
    endReason: merged.endReason,
    endSource: merged.endSource,
    kubernetes: toTermination(t, facts.probes),
  };
  if (merged.agentEndReason !== undefined) {
    out.agentEndReason = merged.agentEndReason;
    out.endedAt ??= iso(t.finishedAtMs);
  }
  return out;
}

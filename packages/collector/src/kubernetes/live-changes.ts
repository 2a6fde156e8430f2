import type { KubernetesChange } from '@podtrail/contracts/api';
import type { ClusterRows, ClusterTable } from './cluster-rows.js';
import { type StoredTermination, toTermination } from './end-merge.js';

/** How old a re-listed event or termination may be and still be pushed live (a re-list after 410 Gone re-reads all). */
export const LIVE_MAX_AGE_MS = 5 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A row the watcher stored, as the live stream's cluster change (the same fields the REST API
 * gives for it; a termination's `cause` stays '' live: the probe events that name it are joined
 * when read). Null for a row too old to be news (`nowMs - LIVE_MAX_AGE_MS`).
 */
export function liveChange<T extends ClusterTable>(
  table: T,
  row: ClusterRows[T],
  nowMs: number,
): KubernetesChange | null {
  const minMs = nowMs - LIVE_MAX_AGE_MS;
  switch (table) {
    case 'k8s_events': {
      const e = row as ClusterRows['k8s_events'];
      if (e.Timestamp < minMs) return null;
      const isPod = e.InvolvedKind === 'Pod';
      return {
        kind: 'event',
        ts: iso(e.Timestamp),
        namespace: e.Namespace,
        workload: e.Workload,
        podName: isPod ? e.InvolvedName : '',
        podUid: isPod ? e.InvolvedUid : '',
        event: {
          ts: iso(e.Timestamp),
          namespace: e.Namespace,
          involvedKind: e.InvolvedKind,
          involvedName: e.InvolvedName,
          workload: e.Workload,
          type: e.Type,
          reason: e.Reason,
          message: e.Message,
          count: e.Count,
          source: e.Source,
        },
      };
    }
    case 'k8s_pods': {
      const p = row as ClusterRows['k8s_pods'];
      return {
        kind: 'pod',
        ts: iso(p.UpdatedAt),
        namespace: p.Namespace,
        workload: p.Workload,
        podName: p.PodName,
        podUid: p.PodUid,
        pod: {
          phase: p.Phase,
          reason: p.Reason,
          waitingReason: p.WaitingReason,
          restartCount: p.RestartCount,
          ready: p.Ready === 1,
          deleted: p.Deleted === 1,
          endReason: p.EndReason,
        },
      };
    }
    case 'k8s_terminations': {
      const t = row as ClusterRows['k8s_terminations'];
      if (t.FinishedAt < minMs) return null;
      const stored: StoredTermination = {
        podUid: t.PodUid,
        container: t.Container,
        reason: t.Reason,
        exitCode: t.ExitCode,
        signal: t.Signal,
        message: t.Message,
        startedAtMs: t.StartedAt,
        finishedAtMs: t.FinishedAt,
        restartCount: t.RestartCount,
      };
      return {
        kind: 'termination',
        ts: iso(t.FinishedAt),
        namespace: t.Namespace,
        workload: t.Workload,
        podName: t.PodName,
        podUid: t.PodUid,
        termination: toTermination(stored, []),
      };
    }
    case 'k8s_workload_replicas': {
      const r = row as ClusterRows['k8s_workload_replicas'];
      // the first sight of a workload (a list) is no change
      if (r.Cause === 'observed') return null;
      return {
        kind: 'replicas',
        ts: iso(r.Timestamp),
        namespace: r.Namespace,
        workload: r.Name,
        podName: '',
        podUid: '',
        replicas: {
          ts: iso(r.Timestamp),
          kind: r.Kind,
          replicas: r.Replicas,
          fromReplicas: r.FromReplicas,
          readyReplicas: r.ReadyReplicas,
          updatedReplicas: r.UpdatedReplicas,
          availableReplicas: r.AvailableReplicas,
          cause: r.Cause,
        },
      };
    }
    case 'k8s_hpa_history': {
      const h = row as ClusterRows['k8s_hpa_history'];
      return {
        kind: 'hpa',
        ts: iso(h.Timestamp),
        namespace: h.Namespace,
        workload: h.TargetName,
        podName: '',
        podUid: '',
        hpa: {
          name: h.Name,
          targetKind: h.TargetKind,
          point: {
            ts: iso(h.Timestamp),
            minReplicas: h.MinReplicas,
            maxReplicas: h.MaxReplicas,
            currentReplicas: h.CurrentReplicas,
            desiredReplicas: h.DesiredReplicas,
            metrics: h.MetricNames.map((name, i) => ({
              name,
              type: h.MetricTypes[i] ?? '',
              target: h.MetricTargets[i] ?? 0,
              current: h.MetricCurrents[i] ?? null,
            })),
            lastScaleTime: h.LastScaleTime === null ? null : iso(h.LastScaleTime),
          },
        },
      };
    }
    default:
      return null;
  }
}

import type { K8sEventRow } from './cluster-rows.js';
import type { KubeObject } from './list-watch.js';
import { ms } from './pod-facts.js';

interface RawEvent extends KubeObject {
  involvedObject?: { kind?: string; name?: string; uid?: string; namespace?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  series?: { count?: number; lastObservedTime?: string };
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  source?: { component?: string };
  reportingComponent?: string;
}

/** Kinds whose Events name their workload through an owner lookup (a Job may belong to a CronJob). */
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'ReplicaSet', 'Job']);

/**
 * A core/v1 Event as a `k8s_events` row: `workloadOfPod` names the workload of a pod uid,
 * `workloadOf` the workload an object of a kind stands for (a ReplicaSet its Deployment, a Job its CronJob).
 */
export function eventRow(
  o: KubeObject,
  workloadOfPod: (uid: string) => string,
  workloadOf: (namespace: string, kind: string, name: string) => string = (_ns, _kind, name) => name,
): K8sEventRow {
  const e = o as RawEvent;
  const inv = e.involvedObject ?? {};
  const ts =
    ms(e.series?.lastObservedTime) ??
    ms(e.lastTimestamp) ??
    ms(e.eventTime) ??
    ms(e.firstTimestamp) ??
    ms(e.metadata?.creationTimestamp) ??
    Date.now();
  const kind = inv.kind ?? '';
  const namespace = inv.namespace ?? e.metadata?.namespace ?? '';
  return {
    Timestamp: ts,
    Namespace: namespace,
    InvolvedKind: kind,
    InvolvedName: inv.name ?? '',
    InvolvedUid: inv.uid ?? '',
    Workload:
      kind === 'Pod'
        ? workloadOfPod(inv.uid ?? '')
        : WORKLOAD_KINDS.has(kind)
          ? workloadOf(namespace, kind, inv.name ?? '')
          : '',
    Uid: e.metadata?.uid ?? '',
    Type: e.type ?? 'Normal',
    Reason: e.reason ?? '',
    Message: (e.message ?? '').slice(0, 4000),
    Count: e.series?.count ?? e.count ?? 1,
    Source: e.source?.component ?? e.reportingComponent ?? '',
  };
}

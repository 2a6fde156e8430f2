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

/** A core/v1 Event as a `k8s_events` row (`workloadOfPod` names the workload of a pod uid). */
export function eventRow(o: KubeObject, workloadOfPod: (uid: string) => string): K8sEventRow {
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
  return {
    Timestamp: ts,
    Namespace: inv.namespace ?? e.metadata?.namespace ?? '',
    InvolvedKind: kind,
    InvolvedName: inv.name ?? '',
    InvolvedUid: inv.uid ?? '',
    Workload:
      kind === 'Pod'
        ? workloadOfPod(inv.uid ?? '')
        : kind === 'Deployment' || kind === 'StatefulSet'
          ? (inv.name ?? '')
          : '',
    Uid: e.metadata?.uid ?? '',
    Type: e.type ?? 'Normal',
    Reason: e.reason ?? '',
    Message: (e.message ?? '').slice(0, 4000),
    Count: e.series?.count ?? e.count ?? 1,
    Source: e.source?.component ?? e.reportingComponent ?? '',
  };
}

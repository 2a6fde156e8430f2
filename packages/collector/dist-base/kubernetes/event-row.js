import { ms } from './pod-facts.js';
/** A core/v1 Event as a `k8s_events` row (`workloadOfPod` names the workload of a pod uid). */
export function eventRow(o, workloadOfPod) {
    const e = o;
    const inv = e.involvedObject ?? {};
    const ts = ms(e.series?.lastObservedTime) ??
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
        Workload: kind === 'Pod'
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
//# sourceMappingURL=event-row.js.map
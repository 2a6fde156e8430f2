export function ms(t) {
    if (!t)
        return null;
    const v = Date.parse(t);
    return Number.isFinite(v) ? v : null;
}
/** Exit code 128+n means "killed by signal n" (the kubelet reports it so when signal is 0). */
export function signalOf(t) {
    if (t.signal > 0)
        return t.signal;
    return t.exitCode > 128 && t.exitCode < 160 ? t.exitCode - 128 : 0;
}
const SIGNAL_NAMES = {
    1: 'SIGHUP',
    2: 'SIGINT',
    6: 'SIGABRT',
    9: 'SIGKILL',
    11: 'SIGSEGV',
    15: 'SIGTERM',
};
export function signalName(n) {
    return n > 0 ? (SIGNAL_NAMES[n] ?? `signal ${n}`) : '';
}
function termination(container, restartCount, t) {
    if (!t)
        return null;
    const finished = ms(t.finishedAt);
    if (finished === null)
        return null;
    return {
        container,
        reason: t.reason ?? (t.exitCode === 0 ? 'Completed' : 'Error'),
        exitCode: t.exitCode ?? 0,
        signal: t.signal ?? 0,
        message: (t.message ?? '').slice(0, 2000),
        startedAtMs: ms(t.startedAt),
        finishedAtMs: finished,
        containerId: t.containerID ?? '',
        restartCount,
    };
}
function container(s) {
    const name = s.name ?? '';
    const restartCount = s.restartCount ?? 0;
    return {
        name,
        restartCount,
        ready: s.ready === true,
        waitingReason: s.state?.waiting?.reason ?? '',
        waitingMessage: (s.state?.waiting?.message ?? '').slice(0, 1000),
        runningSinceMs: ms(s.state?.running?.startedAt),
        terminated: termination(name, restartCount, s.state?.terminated),
        last: termination(name, restartCount, s.lastState?.terminated),
    };
}
export function podFacts(o) {
    const p = o;
    const m = p.metadata ?? {};
    const owner = m.ownerReferences?.find((r) => r.controller) ?? m.ownerReferences?.[0];
    const conditions = p.status?.conditions ?? [];
    const disruption = conditions.find((c) => c.type === 'DisruptionTarget' && c.status === 'True');
    const scheduled = conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    return {
        uid: m.uid ?? '',
        namespace: m.namespace ?? '',
        name: m.name ?? '',
        ownerKind: owner?.kind ?? '',
        ownerName: owner?.name ?? '',
        nodeName: p.spec?.nodeName ?? '',
        hostIp: p.status?.hostIP ?? '',
        phase: p.status?.phase ?? 'Pending',
        reason: p.status?.reason ?? '',
        message: (p.status?.message ?? '').slice(0, 2000),
        createdAtMs: ms(m.creationTimestamp) ?? Date.now(),
        startedAtMs: ms(p.status?.startTime),
        deletionMs: ms(m.deletionTimestamp),
        disruption: disruption?.reason ?? '',
        disruptionMessage: (disruption?.message ?? '').slice(0, 1000),
        unschedulable: scheduled ? (scheduled.reason ?? 'Unschedulable') : '',
        unschedulableMessage: (scheduled?.message ?? '').slice(0, 1000),
        containers: [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])].map(container),
    };
}
/** "OOMKilled: exit code 137 (SIGKILL)", "Error: exit code 1", "Completed: exit code 0". */
export function describeTermination(t) {
    if (t.exitCode === 0 && t.signal === 0 && t.reason !== 'Completed' && t.message)
        return `${t.reason}: ${t.message}`;
    const sig = signalName(signalOf(t));
    const base = `${t.reason}: exit code ${t.exitCode}${sig ? ` (${sig})` : ''}`;
    return t.reason === 'Error' || t.reason === 'Completed' || t.reason === 'OOMKilled' || !t.message
        ? base
        : `${base}; ${t.message}`;
}
//# sourceMappingURL=pod-facts.js.map
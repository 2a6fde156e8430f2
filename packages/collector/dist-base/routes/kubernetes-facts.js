import { causeOf, describeEnd, matchTermination, mergeEnd, signalName, signalOf, } from '../kubernetes/end-merge.js';
import { select } from '../store/query.js';
import { sql } from '../store/sql.js';
import { iso, isoOrNull, num } from './query-util.js';
export async function loadClusterFacts(ch, uids) {
    const db = ch.database;
    const wanted = [...new Set(uids.filter(Boolean))];
    const facts = { pods: new Map(), terminations: new Map(), probes: [] };
    if (wanted.length === 0)
        return facts;
    const [pods, terms, probes] = await Promise.all([
        select(ch, sql('k8s_pods_by_uids', db), { uids: wanted }),
        select(ch, sql('k8s_terminations_by_uids', db), { uids: wanted }),
        probeEvents(ch, wanted),
    ]);
    for (const p of pods)
        facts.pods.set(p.uid, p);
    for (const t of terms) {
        const list = facts.terminations.get(t.uid) ?? [];
        list.push(toStored(t));
        facts.terminations.set(t.uid, list);
    }
    facts.probes = probes;
    return facts;
}
/** Probe failures and probe kills of these pods (the cause of a container's kill). */
export async function probeEvents(ch, uids) {
    const wanted = [...new Set(uids.filter(Boolean))];
    if (wanted.length === 0)
        return [];
    const rows = await select(ch, sql('k8s_probe_events_by_uids', ch.database), { uids: wanted });
    return rows.map((e) => ({ podUid: e.uid, tsMs: num(e.ts), reason: e.reason, message: e.message }));
}
export function toStored(t) {
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
export function toTermination(t, probes) {
    const cause = causeOf(t, probes);
    const sig = signalOf(t);
    return {
        container: t.container,
        reason: t.reason,
        exitCode: t.exitCode,
        signal: sig,
        signalName: signalName(sig),
        message: t.message,
        startedAt: isoOrNull(t.startedAtMs),
        finishedAt: iso(t.finishedAtMs),
        restartCount: t.restartCount,
        cause,
        description: describeEnd(t, cause),
    };
}
export function toPodStatus(r) {
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
function summary(r) {
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
export function toKubernetesEvent(e) {
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
export function withClusterFacts(pod, facts, currentStartedAtMs) {
    const k = facts.pods.get(pod.podUid);
    if (!k)
        return pod;
    const out = { ...pod, kubernetes: summary(k), restartCount: num(k.restarts) };
    if (pod.instanceCount === 0)
        return { ...out, endSource: 'kubernetes' };
    const terms = facts.terminations.get(pod.podUid) ?? [];
    const t = currentStartedAtMs === null ? null : matchTermination(currentStartedAtMs, terms);
    const merged = mergeEnd({ state: pod.state, endReason: pod.endReason }, t, t ? causeOf(t, facts.probes) : '');
    out.state = merged.state;
    out.endReason = merged.endReason;
    out.endSource = merged.endSource;
    if (merged.agentEndReason !== undefined) {
        out.agentEndReason = merged.agentEndReason;
        if (t && out.endedAt === null)
            out.endedAt = iso(t.finishedAtMs);
    }
    return out;
}
/** An instance of the post-mortem with the cluster's termination of it merged in. */
export function instanceWithClusterFacts(inst, podUid, facts) {
    const terms = facts.terminations.get(podUid);
    if (!terms)
        return inst;
    const t = matchTermination(Date.parse(inst.startedAt), terms);
    if (!t)
        return { ...inst, kubernetes: null, endSource: 'agent' };
    const cause = causeOf(t, facts.probes);
    const merged = mergeEnd({ state: inst.state, endReason: inst.endReason }, t, cause);
    const out = {
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
//# sourceMappingURL=kubernetes-facts.js.map
import { describeTermination, signalName, signalOf } from './pod-facts.js';
/** How long before a kill a failed liveness probe counts as its cause. */
const PROBE_CAUSE_WINDOW_MS = 300_000;
/** "Liveness probe failed: ..." when the pod's events say a liveness probe killed this container. */
export function causeOf(t, events) {
    if (!t.container)
        return '';
    let cause = '';
    for (const e of events) {
        if (e.podUid !== t.podUid)
            continue;
        if (e.tsMs > t.finishedAtMs + 5_000 || e.tsMs < t.finishedAtMs - PROBE_CAUSE_WINDOW_MS)
            continue;
        if (e.reason === 'Unhealthy' && /^(Liveness|Startup) probe failed/.test(e.message))
            cause = e.message;
        else if (e.reason === 'Killing' && /failed (liveness|startup) probe/.test(e.message) && !cause)
            cause = e.message;
    }
    return cause;
}
/** One line for a termination, with its cause first when known. */
export function describeEnd(t, cause) {
    const base = t.container ? describeTermination(t) : `${t.reason}: ${t.message}`;
    return cause ? `${cause} (${base})` : base;
}
/** The instance state a cluster-reported end stands for. */
export function stateOfEnd(t) {
    if (!t.container)
        return 'killed'; // eviction, preemption, deletion
    if (t.reason === 'Completed' || (t.exitCode === 0 && signalOf(t) === 0))
        return 'stopped';
    if (t.reason === 'OOMKilled' || signalOf(t) > 0)
        return 'killed';
    return 'crashed';
}
export { signalName, signalOf };
/**
 * The cluster's end of an instance: the first termination (container or pod-level) that finished at
 * or after the instance started; null when the cluster has none yet.
 */
export function matchTermination(startedAtMs, sorted) {
    for (const t of sorted)
        if (t.finishedAtMs >= startedAtMs)
            return t;
    return null;
}
/**
 * How a cluster-reported end merges with the agent's (docs/decisions.md "Cluster-reported ends"):
 * an end the agent itself reported (stopped after a flush, crashed with its exception) stands; an
 * end the collector only inferred (killed = vanished without heartbeats, restarted = replaced
 * without a stop event) or an instance still counted running is replaced by the cluster's
 * (OOMKilled, Error with its exit code, eviction, deletion...), keeping the agent's words aside.
 */
export function mergeEnd(agent, cluster, cause) {
    if (!cluster || agent.state === 'stopped' || agent.state === 'crashed')
        return { state: agent.state, endReason: agent.endReason, endSource: 'agent' };
    return {
        state: stateOfEnd(cluster),
        endReason: describeEnd(cluster, cause),
        endSource: 'kubernetes',
        agentEndReason: agent.endReason,
    };
}
//# sourceMappingURL=end-merge.js.map
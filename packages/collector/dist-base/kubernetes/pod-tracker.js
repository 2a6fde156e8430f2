import { describeTermination, podFacts } from './pod-facts.js';
const END_EVICTED = 1;
const END_DISRUPTION = 2;
const END_DELETED = 4;
/** FNV-1a, 32 bits: a change detector for the pod row (not a security hash). */
function hash(s) {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) {
        h ^= s.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
}
/**
 * Pods: a `k8s_pods` row whenever what the cluster says of a pod changes, a `k8s_terminations` row
 * for every container termination (lastState or state) and every pod-level end (eviction,
 * disruption, deletion with its cause). Deletions wait `settleMs` for the owner's scale-down, which
 * travels on another watch stream, before their cause is told.
 */
export class PodTracker {
    sink;
    workloads;
    now;
    pods = new Map();
    deletions = [];
    /** uids of the list being read */
    listed = new Set();
    version = 0;
    constructor(sink, workloads, now = Date.now) {
        this.sink = sink;
        this.workloads = workloads;
        this.now = now;
    }
    get size() {
        return this.pods.size;
    }
    /** Workload of a pod known by uid (for events). */
    workloadOf(uid) {
        return this.pods.get(uid)?.workload ?? '';
    }
    /** A page of a complete list; after the last, pods not in the list were deleted meanwhile. */
    listPage(objects, first, last) {
        if (first)
            this.listed = new Set();
        for (const o of objects) {
            const f = podFacts(o);
            this.listed.add(f.uid);
            this.update(f);
        }
        if (!last)
            return;
        for (const [uid, memo] of this.pods)
            if (!this.listed.has(uid))
                this.deleted({
                    ...podFacts({ metadata: { uid, namespace: memo.namespace, name: memo.name } }),
                    ownerKind: memo.ownerKind,
                    ownerName: memo.ownerName,
                    deletionMs: null,
                    phase: '',
                }, true);
        this.listed = new Set();
    }
    event(type, o) {
        const f = podFacts(o);
        if (type === 'DELETED')
            this.deleted(f, true);
        else {
            this.update(f);
            if (f.deletionMs !== null)
                this.deleted(f, false);
        }
    }
    memoOf(f) {
        let memo = this.pods.get(f.uid);
        if (!memo) {
            const w = this.workloads.workloadOf(f.namespace, f.ownerKind, f.ownerName);
            memo = {
                namespace: f.namespace,
                name: f.name,
                workload: w.name,
                workloadKind: w.kind,
                ownerKind: f.ownerKind,
                ownerName: f.ownerName,
                rowHash: 0,
                finished: [],
                podEnds: 0,
            };
            this.pods.set(f.uid, memo);
        }
        return memo;
    }
    update(f, deletionCause = '') {
        const memo = this.memoOf(f);
        f.containers.forEach((c, i) => {
            for (const t of [c.last, c.terminated]) {
                if (!t || t.finishedAtMs <= (memo.finished[i] ?? 0))
                    continue;
                memo.finished[i] = t.finishedAtMs;
                this.sink.put('k8s_terminations', this.terminationRow(f, memo, t));
            }
        });
        const end = this.podEnd(f, memo, deletionCause);
        // Deleted once the deletion's cause is known (settle), not while the pod is terminating
        const row = this.podRow(f, memo, end, deletionCause !== '');
        const { UpdatedAt: _u, Version: _v, ...facts } = row;
        const h = hash(JSON.stringify(facts));
        if (h !== memo.rowHash) {
            memo.rowHash = h;
            this.sink.put('k8s_pods', row);
        }
    }
    /** The pod-level end (eviction, disruption), written once as a termination with Container ''. */
    podEnd(f, memo, deletionCause) {
        const obs = this.now();
        if (f.disruption && !(memo.podEnds & END_DISRUPTION)) {
            memo.podEnds |= END_DISRUPTION;
            this.podLevel(f, memo, f.disruption, f.disruptionMessage, f.deletionMs ?? obs);
        }
        if (f.phase === 'Failed' && f.reason && !(memo.podEnds & END_EVICTED)) {
            memo.podEnds |= END_EVICTED;
            this.podLevel(f, memo, f.reason, f.message, this.lastFinish(f) ?? obs);
        }
        if (deletionCause && !(memo.podEnds & END_DELETED)) {
            memo.podEnds |= END_DELETED;
            this.podLevel(f, memo, 'Deleted', deletionCause, f.deletionMs ?? obs);
        }
        if (f.phase === 'Failed' && f.reason)
            return { reason: `${f.reason}: ${f.message}`, atMs: this.lastFinish(f) ?? obs };
        if (f.disruption)
            return { reason: `${f.disruption}: ${f.disruptionMessage}`, atMs: f.deletionMs ?? obs };
        if (f.phase === 'Failed' || f.phase === 'Succeeded') {
            const last = f.containers
                .map((c) => c.terminated)
                .filter((t) => t !== null)
                .sort((a, b) => b.finishedAtMs - a.finishedAtMs)[0];
            if (last)
                return { reason: describeTermination(last), atMs: last.finishedAtMs };
        }
        if (deletionCause)
            return { reason: `Deleted: ${deletionCause}`, atMs: f.deletionMs ?? obs };
        return null;
    }
    lastFinish(f) {
        let best = null;
        for (const c of f.containers)
            for (const t of [c.terminated, c.last])
                if (t && (best === null || t.finishedAtMs > best))
                    best = t.finishedAtMs;
        return best;
    }
    podLevel(f, memo, reason, message, atMs) {
        this.sink.put('k8s_terminations', {
            Namespace: f.namespace,
            PodName: f.name,
            PodUid: f.uid,
            Workload: memo.workload,
            Container: '',
            RestartCount: f.containers.reduce((n, c) => n + c.restartCount, 0),
            Reason: reason,
            ExitCode: 0,
            Signal: 0,
            Message: message,
            StartedAt: null,
            FinishedAt: atMs,
            ContainerId: '',
            ObservedAt: this.now(),
        });
    }
    terminationRow(f, memo, t) {
        return {
            Namespace: f.namespace,
            PodName: f.name,
            PodUid: f.uid,
            Workload: memo.workload,
            Container: t.container,
            RestartCount: t.restartCount,
            Reason: t.reason,
            ExitCode: t.exitCode,
            Signal: t.signal,
            Message: t.message,
            StartedAt: t.startedAtMs,
            FinishedAt: t.finishedAtMs,
            ContainerId: t.containerId,
            ObservedAt: this.now(),
        };
    }
    podRow(f, memo, end, deleted) {
        const waiting = f.containers.find((c) => c.waitingReason);
        const unschedulable = f.phase === 'Pending' && !waiting && f.unschedulable !== '';
        const now = this.now();
        this.version = Math.max(this.version + 1, now * 1000);
        return {
            Namespace: f.namespace,
            PodName: f.name,
            PodUid: f.uid,
            Workload: memo.workload,
            WorkloadKind: memo.workloadKind,
            NodeName: f.nodeName,
            HostIp: f.hostIp,
            Phase: f.phase,
            Reason: f.reason || (unschedulable ? f.unschedulable : ''),
            Message: f.message || (unschedulable ? f.unschedulableMessage : ''),
            WaitingReason: waiting?.waitingReason ?? '',
            WaitingMessage: waiting?.waitingMessage ?? '',
            RestartCount: f.containers.reduce((n, c) => n + c.restartCount, 0),
            Ready: f.containers.length > 0 && f.containers.every((c) => c.ready) ? 1 : 0,
            ContainerNames: f.containers.map((c) => c.name),
            ContainerRestarts: f.containers.map((c) => c.restartCount),
            ContainerReady: f.containers.map((c) => (c.ready ? 1 : 0)),
            ContainerStates: f.containers.map((c) => c.terminated ? 'terminated' : c.waitingReason ? 'waiting' : c.runningSinceMs !== null ? 'running' : 'waiting'),
            ContainerReasons: f.containers.map((c) => c.terminated?.reason ?? c.waitingReason),
            CreatedAt: f.createdAtMs,
            StartedAt: f.startedAtMs,
            EndedAt: end?.atMs ?? null,
            EndReason: end?.reason.slice(0, 2000) ?? '',
            Deleted: deleted ? 1 : 0,
            UpdatedAt: now,
            Version: this.version,
        };
    }
    deleted(f, gone) {
        const memo = this.pods.get(f.uid);
        if (memo && memo.podEnds & END_DELETED) {
            if (gone)
                this.pods.delete(f.uid);
            return;
        }
        const pending = this.deletions.find((d) => d.facts.uid === f.uid);
        if (!pending)
            this.deletions.push({ at: this.now(), facts: f, gone });
        else {
            if (f.phase !== '')
                pending.facts = f;
            pending.gone ||= gone;
        }
    }
    /** Writes the deletions older than `minAgeMs` with their cause (called on a timer). */
    settle(minAgeMs) {
        const now = this.now();
        while (this.deletions.length > 0 && now - this.deletions[0].at >= minAgeMs) {
            const { facts, gone } = this.deletions.shift();
            const memo = this.memoOf(facts);
            const cause = this.workloads.deletionCause(facts.namespace, memo.ownerKind, memo.ownerName) ||
                'deleted (no scale-in or rollout of its owner seen)';
            if (facts.phase === '') {
                // known only from memory (gone during a watch outage): keep what the last row said
                this.podLevel(facts, memo, 'Deleted', cause, facts.deletionMs ?? now);
                memo.podEnds |= END_DELETED;
            }
            else
                this.update(facts, cause);
            if (gone)
                this.pods.delete(facts.uid);
        }
    }
    /** Pods held in memory and deletions waiting for their cause. */
    counts() {
        return { pods: this.pods.size, pendingDeletions: this.deletions.length };
    }
}
//# sourceMappingURL=pod-tracker.js.map
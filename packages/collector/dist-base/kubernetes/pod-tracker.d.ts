import type { ClusterSink } from './cluster-rows.js';
import type { KubeObject } from './list-watch.js';
import type { WorkloadTracker } from './workload-tracker.js';
/**
 * Pods: a `k8s_pods` row whenever what the cluster says of a pod changes, a `k8s_terminations` row
 * for every container termination (lastState or state) and every pod-level end (eviction,
 * disruption, deletion with its cause). Deletions wait `settleMs` for the owner's scale-down, which
 * travels on another watch stream, before their cause is told.
 */
export declare class PodTracker {
    private readonly sink;
    private readonly workloads;
    private readonly now;
    private readonly pods;
    private readonly deletions;
    /** uids of the list being read */
    private listed;
    private version;
    constructor(sink: ClusterSink, workloads: WorkloadTracker, now?: () => number);
    get size(): number;
    /** Workload of a pod known by uid (for events). */
    workloadOf(uid: string): string;
    /** A page of a complete list; after the last, pods not in the list were deleted meanwhile. */
    listPage(objects: KubeObject[], first: boolean, last: boolean): void;
    event(type: 'ADDED' | 'MODIFIED' | 'DELETED', o: KubeObject): void;
    private memoOf;
    private update;
    /** The pod-level end (eviction, disruption), written once as a termination with Container ''. */
    private podEnd;
    private lastFinish;
    private podLevel;
    private terminationRow;
    private podRow;
    private deleted;
    /** Writes the deletions older than `minAgeMs` with their cause (called on a timer). */
    settle(minAgeMs: number): void;
    /** Pods held in memory and deletions waiting for their cause. */
    counts(): {
        pods: number;
        pendingDeletions: number;
    };
}
//# sourceMappingURL=pod-tracker.d.ts.map
import type { ClusterSink } from './cluster-rows.js';
import type { KubeObject } from './list-watch.js';
/** A Kubernetes quantity ("500m", "128Mi", "2") as a number; NaN when it is not one. */
export declare function parseQuantity(q: string | number | undefined): number;
/**
 * Owners and scalers: ReplicaSet -> Deployment and Job -> CronJob (the workload a pod belongs to),
 * Deployment and StatefulSet replica changes with their cause, and HPA spec and status history.
 * Keeps a few numbers per object; rows go to the sink.
 */
export declare class WorkloadTracker {
    private readonly sink;
    private readonly now;
    private readonly replicaSets;
    private readonly jobs;
    private readonly scalables;
    private readonly hpas;
    /** replica changes waiting for the HPA status that explains them (other watch streams) */
    private readonly pendingCauses;
    constructor(sink: ClusterSink, now?: () => number);
    /** The workload (kind, name) a pod's controller owner stands for. */
    workloadOf(namespace: string, ownerKind: string, ownerName: string): {
        kind: string;
        name: string;
    };
    /** Why a pod of this owner was deleted, if its owner scaled down recently (else ''). */
    deletionCause(namespace: string, ownerKind: string, ownerName: string): string;
    private hpaFor;
    replicaSet(o: KubeObject, deleted: boolean): void;
    job(o: KubeObject, deleted: boolean): void;
    /** A Deployment or StatefulSet. */
    scalable(kind: string, o: KubeObject, deleted: boolean): void;
    /** Writes the replica changes whose cause can be told by now (called on a timer). */
    settle(minAgeMs: number): void;
    hpa(o: KubeObject, deleted: boolean): void;
    counts(): {
        replicaSets: number;
        jobs: number;
        scalables: number;
        hpas: number;
    };
}
//# sourceMappingURL=workload-tracker.d.ts.map
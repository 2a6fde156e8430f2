import type { Instance, KubernetesEvent, KubernetesPodStatus, KubernetesTermination, Pod } from '@podtrail/contracts/api';
import { type ProbeEvent, type StoredTermination } from '../kubernetes/end-merge.js';
import { type ChHandle } from '../store/query.js';
/** A k8s_pods row (store/sql/parts/k8s_pod_status_columns.sql). */
export interface K8sPodRead {
    ns: string;
    p: string;
    uid: string;
    w: string;
    wk: string;
    node: string;
    phase: string;
    reason: string;
    message: string;
    waiting: string;
    waitingMessage: string;
    restarts: number;
    ready: number;
    cNames: string[];
    cRestarts: number[];
    cReady: number[];
    cStates: string[];
    cReasons: string[];
    createdAt: string;
    startedAt: string | null;
    endedAt: string | null;
    endReason: string;
    deleted: number;
    updatedAt: string;
}
export interface TerminationRead {
    uid: string;
    container: string;
    reason: string;
    exitCode: number;
    signal: number;
    message: string;
    startedAt: string | null;
    finishedAt: string;
    restartCount: number;
}
export interface EventRead {
    ts: string;
    ns: string;
    kind: string;
    name: string;
    w: string;
    type: string;
    reason: string;
    message: string;
    count: number;
    source: string;
}
/** What the cluster says of a set of pods: status, terminations (oldest first), probe events. */
export interface ClusterFacts {
    pods: Map<string, K8sPodRead>;
    terminations: Map<string, StoredTermination[]>;
    probes: ProbeEvent[];
}
export declare function loadClusterFacts(ch: ChHandle, uids: string[]): Promise<ClusterFacts>;
/** Probe failures and probe kills of these pods (the cause of a container's kill). */
export declare function probeEvents(ch: ChHandle, uids: string[]): Promise<ProbeEvent[]>;
export declare function toStored(t: TerminationRead): StoredTermination;
export declare function toTermination(t: StoredTermination, probes: readonly ProbeEvent[]): KubernetesTermination;
export declare function toPodStatus(r: K8sPodRead): KubernetesPodStatus;
export declare function toKubernetesEvent(e: EventRead): KubernetesEvent;
/**
 * The cluster's side of a pod of the list or post-mortem: its summary and restart count (the
 * cluster's: `kubectl get pods` RESTARTS), and for a pod with an agent the end merged with the
 * current instance's cluster termination (kubernetes/end-merge.ts).
 */
export declare function withClusterFacts(pod: Pod, facts: ClusterFacts, currentStartedAtMs: number | null): Pod;
/** An instance of the post-mortem with the cluster's termination of it merged in. */
export declare function instanceWithClusterFacts(inst: Instance, podUid: string, facts: ClusterFacts): Instance;
//# sourceMappingURL=kubernetes-facts.d.ts.map
import type { KubeObject } from './list-watch.js';
/** A container's terminated state as the cluster reports it (state or lastState). */
export interface Termination {
    container: string;
    reason: string;
    exitCode: number;
    signal: number;
    message: string;
    startedAtMs: number | null;
    finishedAtMs: number;
    containerId: string;
    restartCount: number;
}
export interface ContainerFacts {
    name: string;
    restartCount: number;
    ready: boolean;
    waitingReason: string;
    waitingMessage: string;
    runningSinceMs: number | null;
    /** the current state, when the container has ended and not restarted */
    terminated: Termination | null;
    /** the previous run's end */
    last: Termination | null;
}
/** What the watcher reads of a Pod (everything else of the object is dropped at once). */
export interface PodFacts {
    uid: string;
    namespace: string;
    name: string;
    ownerKind: string;
    ownerName: string;
    nodeName: string;
    hostIp: string;
    phase: string;
    reason: string;
    message: string;
    createdAtMs: number;
    startedAtMs: number | null;
    deletionMs: number | null;
    /** reason of a DisruptionTarget condition (PreemptionByScheduler, EvictionByEvictionAPI, ...) */
    disruption: string;
    disruptionMessage: string;
    /** reason of a PodScheduled=False condition (Unschedulable) and its message */
    unschedulable: string;
    unschedulableMessage: string;
    containers: ContainerFacts[];
}
export declare function ms(t: string | undefined | null): number | null;
/** Exit code 128+n means "killed by signal n" (the kubelet reports it so when signal is 0). */
export declare function signalOf(t: {
    exitCode: number;
    signal: number;
}): number;
export declare function signalName(n: number): string;
export declare function podFacts(o: KubeObject): PodFacts;
/** "OOMKilled: exit code 137 (SIGKILL)", "Error: exit code 1", "Completed: exit code 0". */
export declare function describeTermination(t: Pick<Termination, 'reason' | 'exitCode' | 'signal' | 'message'>): string;
//# sourceMappingURL=pod-facts.d.ts.map
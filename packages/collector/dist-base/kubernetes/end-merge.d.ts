import type { InstanceState } from '@podtrail/contracts';
import { signalName, signalOf, type Termination } from './pod-facts.js';
/** A termination as read back from k8s_terminations (times epoch ms). */
export type StoredTermination = Omit<Termination, 'containerId'> & {
    podUid: string;
};
/** A probe event of the pod (Unhealthy / Killing), for the cause of a kill. */
export interface ProbeEvent {
    podUid: string;
    tsMs: number;
    reason: string;
    message: string;
}
/** "Liveness probe failed: ..." when the pod's events say a liveness probe killed this container. */
export declare function causeOf(t: StoredTermination, events: readonly ProbeEvent[]): string;
/** One line for a termination, with its cause first when known. */
export declare function describeEnd(t: StoredTermination, cause: string): string;
/** The instance state a cluster-reported end stands for. */
export declare function stateOfEnd(t: StoredTermination): InstanceState;
export { signalName, signalOf };
/**
 * The cluster's end of an instance: the first termination (container or pod-level) that finished at
 * or after the instance started; null when the cluster has none yet.
 */
export declare function matchTermination(startedAtMs: number, sorted: readonly StoredTermination[]): StoredTermination | null;
export interface MergedEnd {
    state: InstanceState;
    endReason: string;
    endSource: 'agent' | 'kubernetes';
    /** the agent's reason when replaced */
    agentEndReason?: string;
}
/**
 * How a cluster-reported end merges with the agent's (docs/decisions.md "Cluster-reported ends"):
 * an end the agent itself reported (stopped after a flush, crashed with its exception) stands; an
 * end the collector only inferred (killed = vanished without heartbeats, restarted = replaced
 * without a stop event) or an instance still counted running is replaced by the cluster's
 * (OOMKilled, Error with its exit code, eviction, deletion...), keeping the agent's words aside.
 */
export declare function mergeEnd(agent: {
    state: InstanceState;
    endReason: string;
}, cluster: StoredTermination | null, cause: string): MergedEnd;
//# sourceMappingURL=end-merge.d.ts.map
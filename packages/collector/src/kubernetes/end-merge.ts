import type { InstanceState } from '@podtrail/contracts';
import type { KubernetesTermination } from '@podtrail/contracts/api';
import { describeTermination, signalName, signalOf, type Termination } from './pod-facts.js';

/** A termination as read back from k8s_terminations (times epoch ms). */
export type StoredTermination = Omit<Termination, 'containerId'> & { podUid: string };

/** A probe event of the pod (Unhealthy / Killing), for the cause of a kill. */
export interface ProbeEvent {
  podUid: string;
  tsMs: number;
  reason: string;
  message: string;
}

/** How long before a kill a failed liveness probe counts as its cause. */
const PROBE_CAUSE_WINDOW_MS = 300_000;

/** "Liveness probe failed: ..." when the pod's events say a liveness probe killed this container. */
export function causeOf(t: StoredTermination, events: readonly ProbeEvent[]): string {
  if (!t.container) return '';
  let cause = '';
  for (const e of events) {
    if (e.podUid !== t.podUid) continue;
    if (e.tsMs > t.finishedAtMs + 5_000 || e.tsMs < t.finishedAtMs - PROBE_CAUSE_WINDOW_MS) continue;
    if (e.reason === 'Unhealthy' && /^(Liveness|Startup) probe failed/.test(e.message)) cause = e.message;
    else if (e.reason === 'Killing' && /failed (liveness|startup) probe/.test(e.message) && !cause) cause = e.message;
  }
  return cause;
}

/** A termination as the API and the live stream give it, its cause from the pod's probe events. */
export function toTermination(t: StoredTermination, probes: readonly ProbeEvent[]): KubernetesTermination {
  const cause = causeOf(t, probes);
  const sig = signalOf(t);
  return {
    container: t.container,
    reason: t.reason,
    exitCode: t.exitCode,
    signal: sig,
    signalName: signalName(sig),
    message: t.message,
    startedAt: t.startedAtMs === null ? null : new Date(t.startedAtMs).toISOString(),
    finishedAt: new Date(t.finishedAtMs).toISOString(),
    restartCount: t.restartCount,
    cause,
    description: describeEnd(t, cause),
  };
}

/** One line for a termination, with its cause first when known. */
export function describeEnd(t: StoredTermination, cause: string): string {
  const base = t.container ? describeTermination(t) : `${t.reason}: ${t.message}`;
  return cause ? `${cause} (${base})` : base;
}

/** The instance state a cluster-reported end stands for. */
export function stateOfEnd(t: StoredTermination): InstanceState {
  if (!t.container) return 'killed'; // eviction, preemption, deletion
  if (t.reason === 'Completed' || (t.exitCode === 0 && signalOf(t) === 0)) return 'stopped';
  if (t.reason === 'OOMKilled' || signalOf(t) > 0) return 'killed';
  return 'crashed';
}

export { signalName, signalOf };

/**
 * The cluster's end of an instance: the first termination (container or pod-level) that finished at
 * or after the instance started; null when the cluster has none yet.
 */
export function matchTermination(startedAtMs: number, sorted: readonly StoredTermination[]): StoredTermination | null {
  for (const t of sorted) if (t.finishedAtMs >= startedAtMs) return t;
  return null;
}

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
export function mergeEnd(
  agent: { state: InstanceState; endReason: string },
  cluster: StoredTermination | null,
  cause: string,
): MergedEnd {
  if (!cluster || agent.state === 'stopped' || agent.state === 'crashed')
    return { state: agent.state, endReason: agent.endReason, endSource: 'agent' };
  return {
    state: stateOfEnd(cluster),
    endReason: describeEnd(cluster, cause),
    endSource: 'kubernetes',
    agentEndReason: agent.endReason,
  };
}

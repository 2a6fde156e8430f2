import type { KubernetesEvent } from '@podtrail/contracts/api';
import type { PodTransition } from '../api/types.js';
import { timeMs } from '../api/types.js';

export type EventLevel = 'INFO' | 'WARN' | 'ERROR';

export interface EventItem {
  id: string;
  tsMs: number;
  level: EventLevel;
  text: string;
  namespace: string;
  workload: string;
  podName: string;
  instanceId: string;
  transition: string;
  /** who said it: the pod's agent (lifecycle tracker) or the cluster (a Kubernetes Event) */
  source: 'agent' | 'kubernetes';
}

const WARN_REASONS = /oom|evict|probe|no heartbeat|killed|timeout/i;

/** Severity of a pod transition: crashes are errors, kills/restarts/OOM/evictions warnings. */
export function eventLevel(t: Pick<PodTransition, 'transition' | 'toState' | 'reason'>): EventLevel {
  if (t.transition === 'crashed' || t.toState === 'crashed') return 'ERROR';
  if (t.transition === 'killed' || t.transition === 'restarted' || t.toState === 'killed') return 'WARN';
  if (t.transition === 'stopped' && WARN_REASONS.test(t.reason)) return 'WARN';
  return 'INFO';
}

/** The text of the event line: the collector's message, or one made from the transition. */
export function eventText(t: PodTransition): string {
  if (t.message) return t.message;
  switch (t.transition) {
    case 'started':
      return `pod started; agent connected. Agent: ${t.instanceId}@${t.podName}`;
    case 'ready':
      return `pod ready: ${t.podName}`;
    case 'crashed':
      return `crashed${t.reason ? `: ${t.reason}` : ''} (${t.podName})`;
    case 'killed':
      return `pod killed${t.reason ? ` (${t.reason})` : ''}: ${t.podName}`;
    case 'restarted':
      return `pod restarted${t.reason ? ` (${t.reason})` : ''}: ${t.podName}`;
    case 'stopped':
      return `pod stopped${t.reason ? ` (${t.reason})` : ''}: ${t.podName}`;
    default:
      return `${t.transition}${t.reason ? ` (${t.reason})` : ''}: ${t.podName}`;
  }
}

export function toEventItem(t: PodTransition): EventItem {
  const tsMs = timeMs(t.ts);
  return {
    id: `${tsMs}|${t.namespace}|${t.podName}|${t.instanceId}|${t.transition}`,
    tsMs,
    level: eventLevel(t),
    text: eventText(t),
    namespace: t.namespace,
    workload: t.workload,
    podName: t.podName,
    instanceId: t.instanceId,
    transition: t.transition,
    source: 'agent',
  };
}

/** A Kubernetes Event as an event line: Warning events are warnings, "Back-off restarting … (×5)". */
export function kubernetesEventItem(e: KubernetesEvent): EventItem {
  const tsMs = timeMs(e.ts);
  const isPod = e.involvedKind === 'Pod';
  const count = e.count > 1 ? ` (×${e.count})` : '';
  const subject = isPod ? '' : ` [${e.involvedKind} ${e.involvedName}]`;
  return {
    // one line per event series, as kubectl aggregates them: a repeat (count and last seen moved on)
    // replaces the line instead of adding one
    id: `k8s|${e.namespace}|${e.involvedKind}|${e.involvedName}|${e.reason}|${e.message}`,
    tsMs,
    level: e.type === 'Warning' ? 'WARN' : 'INFO',
    text: `${e.reason}: ${e.message}${count}${subject}`,
    namespace: e.namespace,
    workload: e.workload,
    podName: isPod ? e.involvedName : '',
    instanceId: '',
    transition: e.reason,
    source: 'kubernetes',
  };
}

/** Newest first, without duplicates (a REST page and the live stream may both carry one), bounded. */
export function mergeEvents(current: readonly EventItem[], incoming: readonly EventItem[], max = 200): EventItem[] {
  const seen = new Set<string>();
  const all = [...incoming, ...current].filter((e) => {
    if (seen.has(e.id)) return false;
    seen.add(e.id);
    return true;
  });
  all.sort((a, b) => b.tsMs - a.tsMs);
  return all.slice(0, max);
}

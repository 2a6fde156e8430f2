import type { PendingWrites } from './pending-writes.js';
import { podKey, type TrackedInstance, type TrackedPod } from './tracked.js';

/**
 * Forgets (from memory only; they stay in the store) a pod that ended, with nothing of it waiting
 * to be written, together with its instances, once none of them was heard of after `horizon`
 * (local clock); past `maxInstances`, every ended instance that is not waiting to be written.
 * Returns how many pods were forgotten.
 */
export function forgetEndedPods(
  pods: Map<string, TrackedPod>,
  instances: Map<string, TrackedInstance>,
  horizon: number,
  pending: Pick<PendingWrites, 'isDirty'>,
  maxInstances: number,
): number {
  // pods with an instance that runs, is waiting to be written or was heard of recently
  const kept = new Set<string>();
  for (const [k, i] of instances)
    if (i.state === 'running' || i.lastHeardLocal > horizon || pending.isDirty('instances', k))
      kept.add(podKey(i.namespace, i.podName));
  let forgotten = 0;
  for (const [k, p] of pods) {
    if (p.state === 'running' || kept.has(k) || pending.isDirty('pods', k)) continue;
    pods.delete(k);
    forgotten++;
  }
  for (const [k, i] of instances) {
    const pk = podKey(i.namespace, i.podName);
    if (!pods.has(pk) && !kept.has(pk)) instances.delete(k);
  }
  if (instances.size > maxInstances)
    for (const [k, i] of instances) if (i.state !== 'running' && !pending.isDirty('instances', k)) instances.delete(k);
  return forgotten;
}

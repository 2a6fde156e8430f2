import type { InstanceState } from '@podtrail/contracts';
import type { PodIdentity } from '../ingest/identity.js';

/** What a pod is and where it runs: the fields an instance shares with its pod. */
export type PodPlacement = Pick<
  PodIdentity,
  'namespace' | 'workload' | 'workloadKind' | 'serviceName' | 'podName' | 'podUid' | 'nodeName' | 'hostIp'
>;

/** The placement fields of `p` alone (an identity, an instance or a pod carry more). */
export function podPlacement(p: PodPlacement): PodPlacement {
  return {
    namespace: p.namespace,
    workload: p.workload,
    workloadKind: p.workloadKind,
    serviceName: p.serviceName,
    podName: p.podName,
    podUid: p.podUid,
    nodeName: p.nodeName,
    hostIp: p.hostIp,
  };
}

/** One process of a pod (an agent instance) as the tracker knows it; mirrors an `instances` row. */
export interface TrackedInstance extends PodPlacement {
  instanceId: string;
  containerName: string;
  startedAt: number;
  readyAt: number | null;
  lastSeen: number;
  endedAt: number | null;
  state: InstanceState;
  endReason: string;
  exitDetail: string;
  heartbeatMs: number;
  /** local clock when we last heard from it (event processed or loaded) */
  lastHeardLocal: number;
  /** true when only spans revealed it (no agent lifecycle events) */
  fromSpans: boolean;
  /** the LastSeen of the last row written (seen-only rewrites are measured from it) */
  lastWrittenSeen: number;
  resourceAttributes: Record<string, string>;
}

/** A pod (namespace + pod name) across its instances; mirrors a `pods` row. */
export interface TrackedPod extends PodPlacement {
  firstSeen: number;
  lastSeen: number;
  endedAt: number | null;
  state: InstanceState;
  endReason: string;
  instanceCount: number;
  restartCount: number;
  currentInstanceId: string;
  /** the LastSeen of the last row written */
  lastWrittenSeen: number;
}

/** Key of a pod in the tracker's maps. */
export function podKey(namespace: string, podName: string): string {
  return `${namespace}\0${podName}`;
}

/** An instance id short enough for a message (uuids: their first 8 characters). */
export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 8) : id;
}

/** An instance heard of for the first time (`fromSpans`: through spans only, never ready). */
export function newInstance(
  id: PodIdentity,
  attrs: Record<string, string>,
  tsMs: number,
  heartbeatMs: number,
  fromSpans: boolean,
  heardLocal: number,
): TrackedInstance {
  return {
    resourceAttributes: attrs,
    ...podPlacement(id),
    instanceId: id.instanceId,
    containerName: id.containerName,
    startedAt: tsMs,
    readyAt: fromSpans ? null : tsMs,
    lastSeen: tsMs,
    endedAt: null,
    state: 'running',
    endReason: '',
    exitDetail: '',
    heartbeatMs,
    lastHeardLocal: heardLocal,
    fromSpans,
    lastWrittenSeen: 0,
  };
}

/** The pod of a first instance. */
export function newPod(id: PodIdentity, tsMs: number): TrackedPod {
  return {
    ...podPlacement(id),
    firstSeen: tsMs,
    lastSeen: tsMs,
    endedAt: null,
    state: 'running',
    endReason: '',
    instanceCount: 1,
    restartCount: 0,
    currentInstanceId: id.instanceId,
    lastWrittenSeen: 0,
  };
}

/** How an ended instance ended, for the reason of the restart that followed it. */
export function describeEnd(i: TrackedInstance): string {
  switch (i.state) {
    case 'stopped':
      return `stopped gracefully${i.exitDetail ? ` (${i.exitDetail})` : ''}`;
    case 'crashed':
      return `crashed: ${i.endReason}`;
    case 'killed':
      return `was killed (${i.endReason})`;
    case 'restarted':
      return 'ended without a stop event';
    default:
      return i.state;
  }
}

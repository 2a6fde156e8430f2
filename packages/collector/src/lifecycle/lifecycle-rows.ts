import type { InstanceState } from '@podtrail/contracts';
import type { PodPlacement, TrackedInstance, TrackedPod } from './tracked.js';

/** The columns of a PodPlacement, which `instances` and `pods` rows share. */
export interface PodPlacementColumns {
  Namespace: string;
  Workload: string;
  WorkloadKind: string;
  ServiceName: string;
  PodName: string;
  PodUid: string;
  NodeName: string;
  HostIp: string;
}

/** An `instances` row as the lifecycle queries read it (times as epoch ms). */
export interface InstanceRow extends PodPlacementColumns {
  InstanceId: string;
  ContainerName: string;
  StartedAt: number;
  ReadyAt: number | null;
  LastSeen: number;
  EndedAt: number | null;
  State: InstanceState;
  EndReason: string;
  ExitDetail: string;
  HeartbeatMs: number;
  ResourceAttributes: Record<string, string>;
  Version?: string;
}

/** A `pods` row as the lifecycle queries read it (times as epoch ms). */
export interface PodRow extends PodPlacementColumns {
  FirstSeen: number;
  LastSeen: number;
  EndedAt: number | null;
  State: InstanceState;
  EndReason: string;
  InstanceCount: number;
  RestartCount: number;
  CurrentInstanceId: string;
  Version?: string;
}

/** A row written to `instances` (Version: see VersionClock). */
export type InstanceWrite = Omit<InstanceRow, 'Version'> & { Version: number };
/** A row written to `pods`. */
export type PodWrite = Omit<PodRow, 'Version'> & { Version: number };

const msOrNull = (v: number | null): number | null => (v === null ? null : Number(v));
const floorOrNull = (v: number | null): number | null => (v === null ? null : Math.floor(v));

function placementFromRow(r: PodPlacementColumns): PodPlacement {
  return {
    namespace: r.Namespace,
    workload: r.Workload,
    workloadKind: r.WorkloadKind,
    serviceName: r.ServiceName,
    podName: r.PodName,
    podUid: r.PodUid,
    nodeName: r.NodeName,
    hostIp: r.HostIp,
  };
}

function placementToRow(p: PodPlacement): PodPlacementColumns {
  return {
    Namespace: p.namespace,
    Workload: p.workload,
    WorkloadKind: p.workloadKind,
    ServiceName: p.serviceName,
    PodName: p.podName,
    PodUid: p.podUid,
    NodeName: p.nodeName,
    HostIp: p.hostIp,
  };
}

/** An instance loaded from the store; `heardLocal` starts its silence clock (a full grace period). */
export function instanceFromRow(r: InstanceRow, heardLocal: number): TrackedInstance {
  return {
    ...placementFromRow(r),
    instanceId: r.InstanceId,
    containerName: r.ContainerName,
    startedAt: Number(r.StartedAt),
    readyAt: msOrNull(r.ReadyAt),
    lastSeen: Number(r.LastSeen),
    endedAt: msOrNull(r.EndedAt),
    state: r.State,
    endReason: r.EndReason,
    exitDetail: r.ExitDetail,
    heartbeatMs: Number(r.HeartbeatMs) || 0,
    lastHeardLocal: heardLocal,
    fromSpans: r.ReadyAt === null,
    lastWrittenSeen: Number(r.LastSeen),
    resourceAttributes: r.ResourceAttributes ?? {},
  };
}

export function podFromRow(r: PodRow): TrackedPod {
  return {
    ...placementFromRow(r),
    firstSeen: Number(r.FirstSeen),
    lastSeen: Number(r.LastSeen),
    endedAt: msOrNull(r.EndedAt),
    state: r.State,
    endReason: r.EndReason,
    instanceCount: Number(r.InstanceCount),
    restartCount: Number(r.RestartCount),
    currentInstanceId: r.CurrentInstanceId,
    lastWrittenSeen: Number(r.LastSeen),
  };
}

export function instanceToRow(i: TrackedInstance, version: number): InstanceWrite {
  return {
    ...placementToRow(i),
    InstanceId: i.instanceId,
    ContainerName: i.containerName,
    StartedAt: Math.floor(i.startedAt),
    ReadyAt: floorOrNull(i.readyAt),
    LastSeen: Math.floor(i.lastSeen),
    EndedAt: floorOrNull(i.endedAt),
    State: i.state,
    EndReason: i.endReason,
    ExitDetail: i.exitDetail,
    HeartbeatMs: i.heartbeatMs,
    ResourceAttributes: i.resourceAttributes,
    Version: version,
  };
}

export function podToRow(p: TrackedPod, version: number): PodWrite {
  return {
    ...placementToRow(p),
    FirstSeen: Math.floor(p.firstSeen),
    LastSeen: Math.floor(p.lastSeen),
    EndedAt: floorOrNull(p.endedAt),
    State: p.state,
    EndReason: p.endReason,
    InstanceCount: p.instanceCount,
    RestartCount: p.restartCount,
    CurrentInstanceId: p.currentInstanceId,
    Version: version,
  };
}

import type { InstanceState } from '@podtrail/contracts';
import type { TrackedInstance, TrackedPod } from './tracked.js';
/** An `instances` row as the lifecycle queries read it (times as epoch ms). */
export interface InstanceRow {
    Namespace: string;
    Workload: string;
    WorkloadKind: string;
    ServiceName: string;
    PodName: string;
    PodUid: string;
    InstanceId: string;
    NodeName: string;
    HostIp: string;
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
export interface PodRow {
    Namespace: string;
    Workload: string;
    WorkloadKind: string;
    ServiceName: string;
    PodName: string;
    PodUid: string;
    NodeName: string;
    HostIp: string;
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
export type InstanceWrite = Omit<InstanceRow, 'Version'> & {
    Version: number;
};
/** A row written to `pods`. */
export type PodWrite = Omit<PodRow, 'Version'> & {
    Version: number;
};
/** An instance loaded from the store; `heardLocal` starts its silence clock (a full grace period). */
export declare function instanceFromRow(r: InstanceRow, heardLocal: number): TrackedInstance;
export declare function podFromRow(r: PodRow): TrackedPod;
export declare function instanceToRow(i: TrackedInstance, version: number): InstanceWrite;
export declare function podToRow(p: TrackedPod, version: number): PodWrite;
//# sourceMappingURL=lifecycle-rows.d.ts.map
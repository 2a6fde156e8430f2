import type { InstanceState } from '@podtrail/contracts';
import type { PodIdentity } from '../ingest/identity.js';
/** One process of a pod (an agent instance) as the tracker knows it; mirrors an `instances` row. */
export interface TrackedInstance {
    namespace: string;
    workload: string;
    workloadKind: string;
    serviceName: string;
    podName: string;
    podUid: string;
    instanceId: string;
    nodeName: string;
    hostIp: string;
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
export interface TrackedPod {
    namespace: string;
    workload: string;
    workloadKind: string;
    serviceName: string;
    podName: string;
    podUid: string;
    nodeName: string;
    hostIp: string;
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
export declare function podKey(namespace: string, podName: string): string;
/** An instance id short enough for a message (uuids: their first 8 characters). */
export declare function shortId(id: string): string;
/** An instance heard of for the first time (`fromSpans`: through spans only, never ready). */
export declare function newInstance(id: PodIdentity, attrs: Record<string, string>, tsMs: number, heartbeatMs: number, fromSpans: boolean, heardLocal: number): TrackedInstance;
/** The pod of a first instance. */
export declare function newPod(id: PodIdentity, tsMs: number): TrackedPod;
/** How an ended instance ended, for the reason of the restart that followed it. */
export declare function describeEnd(i: TrackedInstance): string;
//# sourceMappingURL=tracked.d.ts.map
import type { InFlight, LastHeartbeat, MemorySeries } from '@podtrail/contracts/api';
import { type ChHandle } from '../store/query.js';
/**
 * The post-mortem's heartbeat part: per instance, the in-flight list of its last heartbeat (what a
 * SIGKILLed instance was doing, since it could not say at its end) and its memory series. Both
 * come from the heartbeat rows of `lifecycle_events`, stored through the same exactly-once ingest
 * as every lifecycle event and expiring with them.
 */
/** Beyond this many heartbeats in a pod's lifetime, points are the maximum per time bucket. */
export declare const MAX_MEMORY_POINTS = 3000;
export interface PodKey {
    ns: string;
    w: string;
    p: string;
}
/** What the post-mortem knows of an instance's end: when it was last heard from, when it ended. */
export interface InstanceEnd {
    instanceId: string;
    lastSeenMs: number;
    endedAtMs: number | null;
}
export interface InstanceHeartbeats {
    lastHeartbeat: LastHeartbeat | null;
    memory: MemorySeries;
}
/** A JSON value as text: strings as they are, null/undefined as ''. */
export declare const str: (v: unknown) => string;
/** One entry of an in-flight JSON list (stop/crash events, heartbeats); missing fields as ''. */
export declare function toInFlight(v: unknown): InFlight;
export declare function parseJsonArray(s: string | undefined): unknown[];
/** The bucket width that keeps the pod's points near MAX_MEMORY_POINTS (1 = every heartbeat). */
export declare function memoryBucketMs(rows: {
    n: number;
    firstMs: number;
    lastMs: number;
}[]): number;
export declare function podHeartbeats(ch: ChHandle, key: PodKey, instances: InstanceEnd[]): Promise<Map<string, InstanceHeartbeats>>;
//# sourceMappingURL=pod-heartbeats.d.ts.map
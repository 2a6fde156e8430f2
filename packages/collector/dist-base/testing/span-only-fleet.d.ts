import { type OtlpTraceRequest } from '@podtrail/contracts';
/**
 * Fleets of pods known only from their spans, for the fleet-scale lifecycle tests: each pod is
 * described the way a stock OpenTelemetry SDK plus the Collector's k8s attributes processor
 * describe it (service, namespace, pod name and uid, deployment, node), with no podtrail agent,
 * no `service.instance.id` and no lifecycle events.
 */
export interface FleetPod {
    service: string;
    namespace: string;
    workload: string;
    podName: string;
    podUid: string;
}
/** A span of a pod, times in ns since the epoch. */
export interface FleetSpan {
    pod: FleetPod;
    startNs: bigint;
    endNs: bigint;
}
/** `n` pods of `workloads` deployments in namespace `namespace` (names unique per call). */
export declare function fleetPods(n: number, namespace: string, workloads?: number): FleetPod[];
/** One ExportTraceServiceRequest holding the spans given, one resource per pod. */
export declare function fleetTraceRequest(spans: readonly FleetSpan[]): OtlpTraceRequest;
export declare function encodeFleetTraces(spans: readonly FleetSpan[]): Buffer;
/** The whole millisecond a ns time falls in (how the collector stores first / last seen). */
export declare function msOf(ns: bigint): number;
/** What a pod's first and last seen must be: its oldest span start and newest span end, in ms. */
export declare function expectedLifetimes(spans: readonly FleetSpan[]): Map<string, {
    firstSeen: number;
    lastSeen: number;
}>;
//# sourceMappingURL=span-only-fleet.d.ts.map
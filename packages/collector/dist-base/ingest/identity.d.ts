import { type OtlpResource } from '@podtrail/contracts';
/** Pod / process identity pulled out of OTLP resource attributes into columns. */
export interface PodIdentity {
    serviceName: string;
    serviceVersion: string;
    namespace: string;
    workload: string;
    workloadKind: string;
    podName: string;
    podUid: string;
    instanceId: string;
    containerName: string;
    nodeName: string;
    hostIp: string;
    /** heartbeat interval the agent promises (ms), 0 when unknown */
    heartbeatIntervalMs: number;
}
/**
 * Workload (kind, name): the first `k8s.<kind>.name` attribute in WORKLOAD_KEYS order; a bare
 * ReplicaSet name is reported as its Deployment (`web-7d4b9c8f5` -> Deployment `web`); without
 * any, the pod name's shape; without a pod name, the service name.
 */
export declare function extractWorkload(attrs: Record<string, string>, podName: string, serviceName: string): {
    kind: string;
    name: string;
};
export declare function identityFromAttributes(a: Record<string, string>): PodIdentity;
export interface ResourceContext {
    /** every resource attribute (stored once per process instance, in `instances`) */
    attributes: Record<string, string>;
    /** the attributes not already carried by identity columns or the instance row (stored per span) */
    extra: Record<string, string>;
    identity: PodIdentity;
}
/**
 * True for resource attributes that are constant for a process instance and kept in the
 * `instances` row (and partly in identity columns), so spans need not repeat them: `k8s.*`,
 * `host.*`, `os.*`, `container.*`, `process.*`, `telemetry.*`, `service.*`, `podtrail.*`.
 * Anything else (deployment.environment, cloud.*, custom keys) stays on every span.
 */
export declare function isInstanceResourceKey(key: string): boolean;
export declare function resourceContext(resource: OtlpResource | undefined | null): ResourceContext;
export declare function contextFromAttributes(attributes: Record<string, string>): ResourceContext;
//# sourceMappingURL=identity.d.ts.map
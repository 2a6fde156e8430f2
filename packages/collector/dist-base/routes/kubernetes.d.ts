import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PodKubernetesResponse, WorkloadHpaQuery, WorkloadHpaResponse, WorkloadParams } from '@podtrail/contracts/api';
import { type ChHandle } from '../store/query.js';
/** The pod as `kubectl describe` shows it: status, containers with their last state, terminations, events. */
export declare function podKubernetes(ch: ChHandle, uid: string): Promise<PodKubernetesResponse>;
/** HPA history of a workload: every point in the window, preceded by the last one before it. */
export declare function workloadHpa(ch: ChHandle, p: WorkloadParams, q: WorkloadHpaQuery, nowMs?: number): Promise<WorkloadHpaResponse>;
declare const kubernetesRoutes: FastifyPluginAsyncTypebox;
export default kubernetesRoutes;
//# sourceMappingURL=kubernetes.d.ts.map
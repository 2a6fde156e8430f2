import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkloadHistoryQuery, WorkloadHistoryResponse, WorkloadParams } from '@podtrail/contracts/api';
import { type ChHandle } from '../store/query.js';
/**
 * Restart and scaling history of one workload. Replicas are counted from process instances
 * (one running instance = one replica): an instance is running at t when
 * StartedAt <= t < coalesce(EndedAt, LastSeen for non-running, now). Restarts are the `restarted`
 * transitions recorded by the collector in the window (history, not a gauge).
 */
export declare function workloadHistory(ch: ChHandle, params: WorkloadParams, q: WorkloadHistoryQuery, nowMs?: number): Promise<WorkloadHistoryResponse>;
declare const workloadRoutes: FastifyPluginAsyncTypebox;
export default workloadRoutes;
//# sourceMappingURL=workloads.d.ts.map
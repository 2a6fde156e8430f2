import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PodParams, PodsQuery, PodsResponse, type PodsSort, PostMortemResponse } from '@podtrail/contracts/api';
import { type ChHandle } from '../store/query.js';
import { type OrderTerm } from './query-util.js';
export declare function podOrder(sort: PodsSort | undefined, order: 'asc' | 'desc' | undefined): OrderTerm[];
export declare function listPods(ch: ChHandle, q: PodsQuery, nowMs?: number): Promise<PodsResponse>;
export declare function postMortem(ch: ChHandle, params: PodParams): Promise<PostMortemResponse>;
declare const podRoutes: FastifyPluginAsyncTypebox;
export default podRoutes;
//# sourceMappingURL=pods.d.ts.map
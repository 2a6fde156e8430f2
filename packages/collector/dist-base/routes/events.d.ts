import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EventsQuery, EventsResponse } from '@podtrail/contracts/api';
import { type ChHandle } from '../store/query.js';
/**
 * Pod transitions feed ("pod started; agent connected", restarts, ends) and the Kubernetes events of
 * the same scope, each newest first.
 */
export declare function events(ch: ChHandle, q: EventsQuery, nowMs?: number): Promise<EventsResponse>;
declare const eventsRoutes: FastifyPluginAsyncTypebox;
export default eventsRoutes;
//# sourceMappingURL=events.d.ts.map
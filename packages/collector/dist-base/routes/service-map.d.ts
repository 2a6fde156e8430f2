import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ServiceMapQuery, ServiceMapResponse } from '@podtrail/contracts/api';
import { type ApiConfig } from '../api-config.js';
import { type ChHandle } from '../store/query.js';
/** Nodes returned at most (the busiest); a map of more is not readable anyway. */
export declare const SERVICE_MAP_NODE_LIMIT = 200;
/** Rows read at most from each statement (services; edges + target nodes). */
export declare const SERVICE_MAP_ROW_LIMIT = 5000;
/**
 * How far outside the window the server side of a call is looked for: a server span starts after
 * its client span (and before it ends) on the server's clock, which may be off by some seconds.
 * Without it a call at the window's edge would look like a call to an external host.
 */
export declare const SERVICE_MAP_JOIN_SLACK_MS: number;
/**
 * The service map of [from, to): services, databases and external hosts as nodes, calls as edges
 * (client/producer spans, resolved to the server span they caused, else their database or host).
 * Everything is read from the spans table, so pods that ended in the window count like live ones.
 */
export declare function serviceMap(ch: ChHandle, cfg: ApiConfig, q: ServiceMapQuery, nowMs?: number): Promise<ServiceMapResponse>;
declare const serviceMapRoutes: FastifyPluginAsyncTypebox<{
    cfg: ApiConfig;
}>;
export default serviceMapRoutes;
//# sourceMappingURL=service-map.d.ts.map
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ServicesResponse } from '@podtrail/contracts/api';
import { type ApiConfig } from '../api-config.js';
import { type ChHandle } from '../store/query.js';
/** Services and their workloads, from every pod ever seen (pods table, 90-day TTL). */
export declare function services(ch: ChHandle, cfg: ApiConfig): Promise<ServicesResponse>;
declare const servicesRoutes: FastifyPluginAsyncTypebox<{
    cfg: ApiConfig;
}>;
export default servicesRoutes;
//# sourceMappingURL=services.d.ts.map
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApiConfig } from '../api-config.js';
/** Token management (admin) and `whoami` (any role that can read). */
declare const tokenRoutes: FastifyPluginAsyncTypebox<{
    cfg: ApiConfig;
}>;
export default tokenRoutes;
//# sourceMappingURL=tokens.d.ts.map
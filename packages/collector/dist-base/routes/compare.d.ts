import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CompareQuery, CompareResponse } from '@podtrail/contracts/api';
import { type ChHandle } from '../store/query.js';
/** Two windows side by side (the load-test table of the brief): b relative to a. */
export declare function compare(ch: ChHandle, q: CompareQuery, nowMs?: number): Promise<CompareResponse>;
declare const compareRoutes: FastifyPluginAsyncTypebox;
export default compareRoutes;
//# sourceMappingURL=compare.d.ts.map
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TransactionsQuery, TransactionsResponse } from '@podtrail/contracts/api';
import { type ChHandle } from '../store/query.js';
/**
 * The heatmap drag-selection: transactions (raw spans with IsTransaction) that ended in
 * [from, to) with a duration in [minMs, maxMs) (or heatmap rows [minBucket, maxBucket]).
 */
export declare function transactions(ch: ChHandle, q: TransactionsQuery, nowMs?: number): Promise<TransactionsResponse>;
declare const transactionRoutes: FastifyPluginAsyncTypebox;
export default transactionRoutes;
//# sourceMappingURL=transactions.d.ts.map
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SpansQuery, SpansResponse, TraceResponse } from '@podtrail/contracts/api';
import { type ChHandle } from '../store/query.js';
/** A trace by id: trace_index gives its time range, then spans are read inside that range only. */
export declare function traceById(ch: ChHandle, traceId: string): Promise<TraceResponse>;
/** Span search by service/pod/name/attribute within a window (start time), newest first. */
export declare function searchSpans(ch: ChHandle, q: SpansQuery, nowMs?: number): Promise<SpansResponse>;
declare const traceRoutes: FastifyPluginAsyncTypebox;
export default traceRoutes;
//# sourceMappingURL=traces.d.ts.map
import type { ErrorResponse } from '@podtrail/contracts/api';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
/**
 * The API error body (`ErrorResponse`) for any error: validation errors name the offending field,
 * `ApiError`s keep their code and status, other client errors keep their status; anything else
 * (ClickHouse and other internal errors) is `APM_ERR_API_QUERY_FAILED` and never echoed.
 */
export declare function apiErrorBody(err: FastifyError | ApiError | Error): ErrorResponse;
/** Answers every error with the API error shape; internal errors are logged, never echoed. */
export declare function errorHandler(err: FastifyError | ApiError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply<import("fastify").RouteGenericInterface, import("fastify").RawServerDefault, import("http").IncomingMessage, import("http").ServerResponse<import("http").IncomingMessage>, unknown, import("fastify").FastifySchema, import("fastify").FastifyTypeProviderDefault, unknown>;
//# sourceMappingURL=error-handler.d.ts.map
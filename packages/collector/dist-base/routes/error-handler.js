import { API_ERRORS, ApiError } from '../errors.js';
/**
 * The API error body (`ErrorResponse`) for any error: validation errors name the offending field,
 * `ApiError`s keep their code and status, other client errors keep their status; anything else
 * (ClickHouse and other internal errors) is `APM_ERR_API_QUERY_FAILED` and never echoed.
 */
export function apiErrorBody(err) {
    const fe = err;
    if (fe.validation) {
        const v = fe.validation[0];
        const params = (v?.params ?? {});
        const path = (v?.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
        const field = params.missingProperty ?? params.additionalProperty ?? path;
        return {
            statusCode: 400,
            code: API_ERRORS.API_VALIDATION.code,
            error: 'Bad Request',
            message: `${fe.validationContext ?? 'request'}${field ? `.${field}` : ''} ${v?.message ?? 'is invalid'}`,
            ...(field ? { field } : {}),
        };
    }
    if (err instanceof ApiError) {
        return {
            statusCode: err.statusCode,
            code: err.code,
            error: httpReason(err.statusCode),
            message: err.message,
            ...(err.field ? { field: err.field } : {}),
        };
    }
    const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
    if (status < 500) {
        return {
            statusCode: status,
            code: typeof fe.code === 'string' && fe.code.startsWith('APM_ERR_') ? fe.code : 'APM_ERR_API_BAD_REQUEST',
            error: httpReason(status),
            message: fe.message,
        };
    }
    return {
        statusCode: 500,
        code: API_ERRORS.API_QUERY_FAILED.code,
        error: 'Internal Server Error',
        message: API_ERRORS.API_QUERY_FAILED.message,
    };
}
/** Answers every error with the API error shape; internal errors are logged, never echoed. */
export function errorHandler(err, req, reply) {
    const body = apiErrorBody(err);
    if (body.statusCode === 401)
        reply.header('WWW-Authenticate', 'Bearer');
    if (body.statusCode >= 500)
        req.log.error({ err, code: body.code }, 'query failed');
    return reply.code(body.statusCode).send(body);
}
function httpReason(status) {
    switch (status) {
        case 400:
            return 'Bad Request';
        case 401:
            return 'Unauthorized';
        case 403:
            return 'Forbidden';
        case 404:
            return 'Not Found';
        case 413:
            return 'Payload Too Large';
        case 415:
            return 'Unsupported Media Type';
        case 429:
            return 'Too Many Requests';
        case 503:
            return 'Service Unavailable';
        default:
            return status >= 500 ? 'Internal Server Error' : 'Bad Request';
    }
}
//# sourceMappingURL=error-handler.js.map
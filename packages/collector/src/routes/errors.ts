/**
 * Errors of the query API, the live stream and auth. Every error carries a stable
 * `APM_ERR_<AREA>_<WHAT>` code and an HTTP status; the API answers
 * `{ statusCode, code, error, message, field? }`.
 */
export const API_ERRORS = {
  AUTH_MISSING: { code: 'APM_ERR_AUTH_MISSING', status: 401, message: 'a token is required' },
  AUTH_INVALID: { code: 'APM_ERR_AUTH_INVALID', status: 401, message: 'the token is not valid' },
  AUTH_EXPIRED: { code: 'APM_ERR_AUTH_EXPIRED', status: 401, message: 'the token has expired' },
  AUTH_FORBIDDEN: { code: 'APM_ERR_AUTH_FORBIDDEN', status: 403, message: 'the token lacks the required role' },
  API_VALIDATION: { code: 'APM_ERR_API_VALIDATION', status: 400, message: 'invalid request' },
  API_BAD_TIME: { code: 'APM_ERR_API_BAD_TIME_RANGE', status: 400, message: 'invalid time range' },
  API_NOT_FOUND: { code: 'APM_ERR_API_NOT_FOUND', status: 404, message: 'not found' },
  API_QUERY_FAILED: { code: 'APM_ERR_API_QUERY_FAILED', status: 500, message: 'the query failed' },
  API_STORE_UNAVAILABLE: { code: 'APM_ERR_API_STORE_UNAVAILABLE', status: 503, message: 'ClickHouse is not available' },
  API_RATE_LIMITED: { code: 'APM_ERR_API_RATE_LIMITED', status: 429, message: 'too many requests' },
} as const;

export type ApiErrorKind = keyof typeof API_ERRORS;

export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly field: string | undefined;
  constructor(kind: ApiErrorKind, message?: string, field?: string) {
    const def = API_ERRORS[kind];
    super(message ?? def.message);
    this.name = 'ApiError';
    this.statusCode = def.status;
    this.code = def.code;
    this.field = field;
  }
}

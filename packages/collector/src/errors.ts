/**
 * The collector's error catalogue. Every error has a stable `APM_ERR_<AREA>_<WHAT>` code and, where it
 * reaches HTTP, a status. `COLLECTOR_ERRORS`: config, store, Kafka ingest, OTLP receiver.
 * `API_ERRORS`: the query API, the live stream and auth, which answer
 * `{ statusCode, code, error, message, field? }`.
 */
export const COLLECTOR_ERRORS = {
  CONFIG_INVALID: { code: 'APM_ERR_CONFIG_INVALID', status: 500, message: 'invalid configuration' },
  STORE_MIGRATION: { code: 'APM_ERR_STORE_MIGRATION_FAILED', status: 500, message: 'schema migration failed' },
  STORE_UNAVAILABLE: { code: 'APM_ERR_STORE_UNAVAILABLE', status: 503, message: 'ClickHouse is not available' },
  STORE_INSERT: { code: 'APM_ERR_STORE_INSERT_FAILED', status: 503, message: 'insert into ClickHouse failed' },
  OTLP_MALFORMED: { code: 'APM_ERR_OTLP_MALFORMED', status: 400, message: 'the request body is not valid OTLP' },
  OTLP_TOO_LARGE: { code: 'APM_ERR_OTLP_TOO_LARGE', status: 413, message: 'the request body is too large' },
  OTLP_MEDIA_TYPE: {
    code: 'APM_ERR_OTLP_UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    message: 'Content-Type must be application/x-protobuf or application/json',
  },
  OTLP_ENCODING: {
    code: 'APM_ERR_OTLP_UNSUPPORTED_ENCODING',
    status: 415,
    message: 'Content-Encoding must be gzip or identity',
  },
  OTLP_NOT_FOUND: {
    code: 'APM_ERR_OTLP_NOT_FOUND',
    status: 404,
    message: 'no such OTLP endpoint (POST /v1/traces, /v1/metrics, /v1/logs)',
  },
  OTLP_BUSY: {
    code: 'APM_ERR_OTLP_BUSY',
    status: 429,
    message: 'too many OTLP/HTTP rows already wait for ClickHouse',
  },
  INGEST_DISABLED: { code: 'APM_ERR_INGEST_DISABLED', status: 503, message: 'ingest is off in this process' },
} as const;

export type CollectorErrorKind = keyof typeof COLLECTOR_ERRORS;
export type CollectorErrorCode = (typeof COLLECTOR_ERRORS)[CollectorErrorKind]['code'];

export class CollectorError extends Error {
  readonly code: CollectorErrorCode;
  readonly statusCode: number;
  constructor(kind: CollectorErrorKind, message?: string, options?: { cause?: unknown }) {
    const def = COLLECTOR_ERRORS[kind];
    super(message ? `${def.message}: ${message}` : def.message, options);
    this.name = 'CollectorError';
    this.code = def.code;
    this.statusCode = def.status;
  }
}

/** Thrown by loadConfig with every problem found, each naming its field / variable. */
export class ConfigError extends CollectorError {
  constructor(readonly errors: string[]) {
    super('CONFIG_INVALID', `\n  - ${errors.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

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
  /** a WebSocket client message that is not a valid `LiveClientMessage` (answered on the socket) */
  LIVE_BAD_MESSAGE: { code: 'APM_ERR_LIVE_BAD_MESSAGE', status: 400, message: 'invalid live message' },
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

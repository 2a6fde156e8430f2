/**
 * The collector's error catalogue. Every error has a stable `APM_ERR_<AREA>_<WHAT>` code and, where it
 * reaches HTTP, a status. `COLLECTOR_ERRORS`: config, store, Kafka ingest, OTLP receiver.
 * `API_ERRORS`: the query API, the live stream and auth, which answer
 * `{ statusCode, code, error, message, field? }`.
 */
export declare const COLLECTOR_ERRORS: {
    readonly CONFIG_INVALID: {
        readonly code: "APM_ERR_CONFIG_INVALID";
        readonly status: 500;
        readonly message: "invalid configuration";
    };
    readonly STORE_MIGRATION: {
        readonly code: "APM_ERR_STORE_MIGRATION_FAILED";
        readonly status: 500;
        readonly message: "schema migration failed";
    };
    readonly STORE_UNAVAILABLE: {
        readonly code: "APM_ERR_STORE_UNAVAILABLE";
        readonly status: 503;
        readonly message: "ClickHouse is not available";
    };
    readonly STORE_INSERT: {
        readonly code: "APM_ERR_STORE_INSERT_FAILED";
        readonly status: 503;
        readonly message: "insert into ClickHouse failed";
    };
    readonly OTLP_MALFORMED: {
        readonly code: "APM_ERR_OTLP_MALFORMED";
        readonly status: 400;
        readonly message: "the request body is not valid OTLP";
    };
    readonly OTLP_TOO_LARGE: {
        readonly code: "APM_ERR_OTLP_TOO_LARGE";
        readonly status: 413;
        readonly message: "the request body is too large";
    };
    readonly OTLP_MEDIA_TYPE: {
        readonly code: "APM_ERR_OTLP_UNSUPPORTED_MEDIA_TYPE";
        readonly status: 415;
        readonly message: "Content-Type must be application/x-protobuf or application/json";
    };
    readonly OTLP_ENCODING: {
        readonly code: "APM_ERR_OTLP_UNSUPPORTED_ENCODING";
        readonly status: 415;
        readonly message: "Content-Encoding must be gzip or identity";
    };
    readonly OTLP_NOT_FOUND: {
        readonly code: "APM_ERR_OTLP_NOT_FOUND";
        readonly status: 404;
        readonly message: "no such OTLP endpoint (POST /v1/traces, /v1/metrics, /v1/logs)";
    };
    readonly INGEST_DISABLED: {
        readonly code: "APM_ERR_INGEST_DISABLED";
        readonly status: 503;
        readonly message: "ingest is off in this process";
    };
};
export type CollectorErrorKind = keyof typeof COLLECTOR_ERRORS;
export type CollectorErrorCode = (typeof COLLECTOR_ERRORS)[CollectorErrorKind]['code'];
export declare class CollectorError extends Error {
    readonly code: CollectorErrorCode;
    readonly statusCode: number;
    constructor(kind: CollectorErrorKind, message?: string, options?: {
        cause?: unknown;
    });
}
/** Thrown by loadConfig with every problem found, each naming its field / variable. */
export declare class ConfigError extends CollectorError {
    readonly errors: string[];
    constructor(errors: string[]);
}
export declare const API_ERRORS: {
    readonly AUTH_MISSING: {
        readonly code: "APM_ERR_AUTH_MISSING";
        readonly status: 401;
        readonly message: "a token is required";
    };
    readonly AUTH_INVALID: {
        readonly code: "APM_ERR_AUTH_INVALID";
        readonly status: 401;
        readonly message: "the token is not valid";
    };
    readonly AUTH_EXPIRED: {
        readonly code: "APM_ERR_AUTH_EXPIRED";
        readonly status: 401;
        readonly message: "the token has expired";
    };
    readonly AUTH_FORBIDDEN: {
        readonly code: "APM_ERR_AUTH_FORBIDDEN";
        readonly status: 403;
        readonly message: "the token lacks the required role";
    };
    readonly API_VALIDATION: {
        readonly code: "APM_ERR_API_VALIDATION";
        readonly status: 400;
        readonly message: "invalid request";
    };
    readonly API_BAD_TIME: {
        readonly code: "APM_ERR_API_BAD_TIME_RANGE";
        readonly status: 400;
        readonly message: "invalid time range";
    };
    readonly API_NOT_FOUND: {
        readonly code: "APM_ERR_API_NOT_FOUND";
        readonly status: 404;
        readonly message: "not found";
    };
    readonly API_QUERY_FAILED: {
        readonly code: "APM_ERR_API_QUERY_FAILED";
        readonly status: 500;
        readonly message: "the query failed";
    };
    readonly API_STORE_UNAVAILABLE: {
        readonly code: "APM_ERR_API_STORE_UNAVAILABLE";
        readonly status: 503;
        readonly message: "ClickHouse is not available";
    };
    readonly API_RATE_LIMITED: {
        readonly code: "APM_ERR_API_RATE_LIMITED";
        readonly status: 429;
        readonly message: "too many requests";
    };
    /** a WebSocket client message that is not a valid `LiveClientMessage` (answered on the socket) */
    readonly LIVE_BAD_MESSAGE: {
        readonly code: "APM_ERR_LIVE_BAD_MESSAGE";
        readonly status: 400;
        readonly message: "invalid live message";
    };
};
export type ApiErrorKind = keyof typeof API_ERRORS;
export declare class ApiError extends Error {
    readonly statusCode: number;
    readonly code: string;
    readonly field: string | undefined;
    constructor(kind: ApiErrorKind, message?: string, field?: string);
}
//# sourceMappingURL=errors.d.ts.map
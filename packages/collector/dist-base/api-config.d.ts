/**
 * Configuration of the query API, the live stream and auth. Option > env > default, validated
 * at boot with every error reported at once (the ingest engineer merges this into config.ts).
 *
 * | env                              | default | meaning |
 * |----------------------------------|---------|---------|
 * | PODTRAIL_AUTH                    | on      | `off` disables token checks (local development only; refused unless PODTRAIL_AUTH_OFF_I_UNDERSTAND=1 or the listen host is loopback) |
 * | PODTRAIL_TOKENS                  | (none)  | static tokens `role:token[:expiresAt],...` (role ingest/read/admin; expiresAt epoch ms or ISO) |
 * | PODTRAIL_BOOTSTRAP_TOKENS        | on      | create one admin, one read and one ingest token at first start when the token table is empty |
 * | PODTRAIL_TOKEN_TTL_DAYS          | 90      | default lifetime of tokens created through POST /api/v1/tokens (0 = never expire) |
 * | PODTRAIL_CORS_ORIGINS            | (none)  | comma-separated allowed origins for browsers on another origin (`*` = any) |
 * | PODTRAIL_RATE_LIMIT_PER_MIN      | 1200    | requests per minute per token (or per IP without a token); 0 disables |
 * | PODTRAIL_APDEX_T_MS              | 500     | default Apdex threshold T in milliseconds |
 * | PODTRAIL_APDEX_T_MS_BY_SERVICE   | (none)  | per-service overrides `svc=300,other=800` |
 * | PODTRAIL_LIVE_GRACE_MS           | 2000    | how long the live hub waits for late partial rows before a second is closed |
 * | PODTRAIL_LIVE_BUFFER             | 600     | per WebSocket client queue length before oldest messages are dropped |
 * | PODTRAIL_LIVE_REPLAY_S           | 600     | seconds of ticks/transitions kept in memory for `since` replay |
 */
export type Role = 'ingest' | 'read' | 'admin';
export declare const ROLES: readonly Role[];
export interface StaticToken {
    role: Role;
    token: string;
    /** epoch ms, undefined = never */
    expiresAt?: number;
}
export interface ApiConfig {
    authEnabled: boolean;
    staticTokens: StaticToken[];
    bootstrapTokens: boolean;
    tokenTtlDays: number;
    corsOrigins: string[];
    rateLimitPerMin: number;
    apdexThresholdMs: number;
    apdexThresholdMsByService: Record<string, number>;
    liveGraceMs: number;
    liveBufferSize: number;
    liveReplaySeconds: number;
}
export declare function defaultApiConfig(): ApiConfig;
export declare class ApiConfigError extends Error {
    readonly errors: string[];
    readonly code = "APM_ERR_CONFIG_INVALID";
    constructor(errors: string[]);
}
/** Token strings: printable ASCII without separators, 16..256 chars. */
export declare const TOKEN_RE: RegExp;
/**
 * Loads the API configuration. `options` win over `env`, which wins over defaults.
 * Throws ApiConfigError listing every problem.
 */
export declare function loadApiConfig(env?: NodeJS.ProcessEnv, options?: Partial<ApiConfig>, listenHost?: string): ApiConfig;
/** Apdex threshold T (ms) for a service. */
export declare function apdexThresholdFor(cfg: Pick<ApiConfig, 'apdexThresholdMs' | 'apdexThresholdMsByService'>, service: string): number;
//# sourceMappingURL=api-config.d.ts.map
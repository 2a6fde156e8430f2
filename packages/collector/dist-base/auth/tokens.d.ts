import type { ApiConfig, Role } from '../api-config.js';
import { type ChHandle } from '../store/query.js';
/**
 * API tokens. A token is `ptk_<role letter>_<43 chars base64url of 32 random bytes>`; only its
 * sha256 (hex) is stored, in `<db>.api_tokens` (migration 0002). Static tokens from
 * PODTRAIL_TOKENS live only in memory. The table is small, so every collector keeps it in memory,
 * refreshes it every few seconds and on a miss (throttled), so a token created on one collector
 * works on the others within seconds.
 */
export interface TokenRecord {
    hash: string;
    role: Role;
    name: string;
    /** epoch ms */
    createdAt: number;
    /** epoch ms, null = never */
    expiresAt: number | null;
    revoked: boolean;
    source: 'static' | 'stored';
}
export type VerifyResult = {
    ok: true;
    record: TokenRecord;
} | {
    ok: false;
    reason: 'invalid' | 'expired';
};
export declare function hashToken(token: string): string;
export declare function newToken(role: Role): string;
/** Does `have` grant `need`? admin grants everything; read and ingest only themselves. */
export declare function roleGrants(have: Role, need: Role): boolean;
export interface TokenStoreOptions {
    now?: () => number;
    refreshEveryMs?: number;
    /** least time between two refreshes caused by unknown tokens */
    missRefreshMinMs?: number;
    /** where failed background refreshes are reported */
    log?: {
        warn(obj: object, msg: string): void;
    };
}
export declare class TokenStore {
    private readonly ch;
    private readonly staticTokens;
    private stored;
    private lastRefresh;
    private refreshing;
    private timer;
    private readonly now;
    private readonly refreshEveryMs;
    private readonly missRefreshMinMs;
    private readonly log;
    /** whether the api_tokens table could be read at all */
    tableAvailable: boolean;
    /** failed reloads of the api_tokens table since start (exported as a Prometheus counter) */
    refreshErrors: number;
    constructor(cfg: ApiConfig, ch: ChHandle | undefined, opts?: TokenStoreOptions);
    private get table();
    start(): Promise<void>;
    stop(): void;
    /**
     * Reloads stored tokens. On failure the previous set stays, `refreshErrors` counts it and the
     * error is thrown.
     */
    refresh(): Promise<void>;
    /** `refresh`, keeping the tokens known so far when it fails (the failure is logged and counted). */
    refreshOrKeep(): Promise<boolean>;
    private lookup;
    verify(token: string): Promise<VerifyResult>;
    /** Creates and stores a token; returns the clear text (shown once). */
    create(role: Role, name: string, ttlMs: number | null): Promise<{
        token: string;
        record: TokenRecord;
    }>;
    /** Revokes a stored token by hash prefix (>= 8 hex chars, must be unique). Returns how many matched. */
    revoke(hashPrefix: string): Promise<number>;
    list(): TokenRecord[];
    private write;
    /** true when no stored token exists (first start). */
    isEmpty(): Promise<boolean>;
}
//# sourceMappingURL=tokens.d.ts.map
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiConfig, Role } from '../api-config.js';
import { TokenStore } from './tokens.js';
export { hashToken, newToken, roleGrants, TokenStore } from './tokens.js';
/**
 * Auth plugin `podtrail-auth` (not encapsulated: decorates the root instance).
 *
 * - `app.requireRole(role)` returns a hook usable as `onRequest` (preferred: refuses before the
 *   body/query is validated) or `preHandler`. It sets `request.auth`.
 * - `app.tokens` is the TokenStore (used by the token routes and the WebSocket).
 * - Tokens come from `Authorization: Bearer <token>`; on GET/HEAD requests (wall-screen URLs and
 *   the WebSocket upgrade) also from `?token=`.
 * - At first start (no stored token) one admin, one read and one ingest token are created, logged
 *   once at warn level and written to `<dataDir>/initial-tokens.txt` (mode 0600) when a dataDir
 *   is given.
 * - `PODTRAIL_AUTH=off` (config.authEnabled=false) makes every check pass with role admin.
 *
 * Register it after the clickhouse plugin (it reads `app.ch` when present) and before routes. The
 * store is not a declared dependency: an app without one (the live stream alone) still checks
 * static tokens.
 */
export interface AuthPluginOptions {
    /** the API configuration, loaded once at boot (config.ts / api-config.ts) */
    config: ApiConfig;
    /** where initial-tokens.txt is written (the collector data dir) */
    dataDir?: string;
}
export interface AuthInfo {
    role: Role;
    /** first 12 hex chars of the token hash, safe for logs */
    tokenId: string;
    source: 'static' | 'stored' | 'disabled';
}
export type AuthHook = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
declare module 'fastify' {
    interface FastifyInstance {
        requireRole(role: Role): AuthHook;
        tokens: TokenStore;
        apiConfig: ApiConfig;
    }
    interface FastifyRequest {
        auth: AuthInfo | null;
    }
    interface FastifyContextConfig {
        /** role the route requires; every /api/v1 route declares one */
        auth?: Role | 'public';
    }
}
/** Extracts the presented token: Bearer header, else `?token=` on GET/HEAD. */
export declare function tokenFromRequest(req: FastifyRequest): string | undefined;
/** Replaces `token=...` in a URL (for logs). */
export declare function redactUrl(url: string): string;
export declare function authenticate(store: TokenStore, cfg: ApiConfig, req: FastifyRequest): Promise<AuthInfo>;
declare const _default: FastifyPluginAsync<AuthPluginOptions>;
export default _default;
//# sourceMappingURL=index.d.ts.map
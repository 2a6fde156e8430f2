import { CreateTokenBody, CreateTokenResponse, RevokeTokenResponse, TokenIdParams, TokensResponse, WhoAmIResponse, } from '@podtrail/contracts/api';
import { ApiError } from '../errors.js';
import { isoOrNull } from './query-util.js';
import { errorResponses } from './schemas.js';
/** Token management (admin) and `whoami` (any role that can read). */
const tokenRoutes = async (app, { cfg }) => {
    app.post('/tokens', {
        config: { auth: 'admin' },
        onRequest: app.requireRole('admin'),
        schema: {
            summary: 'Create a token (the clear text is returned once)',
            tags: ['auth'],
            body: CreateTokenBody,
            response: { 200: CreateTokenResponse, ...errorResponses },
        },
    }, async (req) => {
        const days = req.body.ttlDays ?? cfg.tokenTtlDays;
        const name = req.body.name ?? `${req.body.role}-token`;
        const { token, record } = await app.tokens.create(req.body.role, name, days > 0 ? days * 86_400_000 : null);
        req.log.info({ tokenId: record.hash.slice(0, 12), role: record.role, by: req.auth?.tokenId }, 'token created');
        return { token, id: record.hash.slice(0, 12), role: record.role, name, expiresAt: isoOrNull(record.expiresAt) };
    });
    app.get('/tokens', {
        config: { auth: 'admin' },
        onRequest: app.requireRole('admin'),
        schema: {
            summary: 'List tokens (ids and roles, never the tokens)',
            tags: ['auth'],
            response: { 200: TokensResponse, ...errorResponses },
        },
    }, async () => {
        // a failed reload is logged and counted; the tokens known so far are listed
        await app.tokens.refreshOrKeep();
        return {
            tokens: app.tokens.list().map((t) => ({
                id: t.hash.slice(0, 12),
                role: t.role,
                name: t.name,
                source: t.source,
                createdAt: t.source === 'static' ? null : isoOrNull(t.createdAt),
                expiresAt: isoOrNull(t.expiresAt),
                revoked: t.revoked,
            })),
        };
    });
    app.delete('/tokens/:id', {
        config: { auth: 'admin' },
        onRequest: app.requireRole('admin'),
        schema: {
            summary: 'Revoke a stored token by id (first hex chars of its sha256)',
            tags: ['auth'],
            params: TokenIdParams,
            response: { 200: RevokeTokenResponse, ...errorResponses },
        },
    }, async (req) => {
        const n = await app.tokens.revoke(req.params.id);
        if (n === 0)
            throw new ApiError('API_NOT_FOUND', 'no such token', 'id');
        if (n > 1)
            throw new ApiError('API_VALIDATION', 'the id matches several tokens; give more characters', 'id');
        return { revoked: 1 };
    });
    app.get('/whoami', {
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: {
            summary: 'The role of the presented token',
            tags: ['auth'],
            response: { 200: WhoAmIResponse, ...errorResponses },
        },
    }, async (req) => ({ role: req.auth.role, tokenId: req.auth.tokenId, authEnabled: cfg.authEnabled }));
};
export default tokenRoutes;
//# sourceMappingURL=tokens.js.map
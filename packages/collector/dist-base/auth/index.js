import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fp from 'fastify-plugin';
import { ApiError } from '../errors.js';
import { getCh, hasCh } from '../store/query.js';
import { roleGrants, TokenStore } from './tokens.js';
export { hashToken, newToken, roleGrants, TokenStore } from './tokens.js';
/** Extracts the presented token: Bearer header, else `?token=` on GET/HEAD. */
export function tokenFromRequest(req) {
    const h = req.headers.authorization;
    if (typeof h === 'string' && h.length > 0) {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
        return m ? m[1] : '';
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
        const url = req.raw.url ?? '';
        const q = url.indexOf('?');
        if (q >= 0) {
            const t = new URLSearchParams(url.slice(q + 1)).get('token');
            if (t !== null)
                return t;
        }
    }
    return undefined;
}
/** Replaces `token=...` in a URL (for logs). */
export function redactUrl(url) {
    return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}
export async function authenticate(store, cfg, req) {
    if (!cfg.authEnabled)
        return { role: 'admin', tokenId: 'auth-off', source: 'disabled' };
    const token = tokenFromRequest(req);
    if (token === undefined || token === '')
        throw new ApiError('AUTH_MISSING');
    if (token.length > 512)
        throw new ApiError('AUTH_INVALID');
    const res = await store.verify(token);
    if (!res.ok)
        throw new ApiError(res.reason === 'expired' ? 'AUTH_EXPIRED' : 'AUTH_INVALID');
    return { role: res.record.role, tokenId: res.record.hash.slice(0, 12), source: res.record.source };
}
const authPlugin = async (app, opts) => {
    const cfg = opts.config;
    const store = new TokenStore(cfg, hasCh(app) ? getCh(app) : undefined, { log: app.log });
    try {
        await store.start();
    }
    catch (err) {
        app.log.error({ err }, 'api_tokens table not readable: only static tokens (PODTRAIL_TOKENS) will work');
    }
    app.addHook('onClose', async () => store.stop());
    if (!cfg.authEnabled)
        app.log.warn('PODTRAIL_AUTH=off: the API and the live stream accept requests WITHOUT a token');
    if (cfg.authEnabled && cfg.bootstrapTokens && store.tableAvailable && (await store.isEmpty())) {
        await bootstrapTokens(app, store, opts.dataDir);
    }
    app.decorate('apiConfig', cfg);
    app.decorate('tokens', store);
    app.decorateRequest('auth', null);
    app.decorate('requireRole', (role) => {
        return async (req) => {
            const info = await authenticate(store, cfg, req);
            if (!roleGrants(info.role, role))
                throw new ApiError('AUTH_FORBIDDEN', `this route needs the ${role} role`);
            req.auth = info;
        };
    });
};
async function bootstrapTokens(app, store, dataDir) {
    const created = [];
    for (const role of ['admin', 'read', 'ingest']) {
        const { token, record } = await store.create(role, `initial-${role}`, null);
        created.push({ role, token, record });
    }
    const lines = created.map((c) => `${c.role}=${c.token}`);
    app.log.warn(`first start: created API tokens (shown ONCE, stored only as sha256; revoke with DELETE /api/v1/tokens/:id):\n  ${lines.join('\n  ')}`);
    if (dataDir) {
        try {
            await mkdir(dataDir, { recursive: true });
            const file = join(dataDir, 'initial-tokens.txt');
            await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
            await chmod(file, 0o600);
            app.log.warn(`initial tokens also written to ${file} (mode 0600); delete it once you have copied them`);
        }
        catch (err) {
            app.log.error({ err }, 'could not write initial-tokens.txt');
        }
    }
}
export default fp(authPlugin, { name: 'podtrail-auth', fastify: '5.x' });
//# sourceMappingURL=index.js.map
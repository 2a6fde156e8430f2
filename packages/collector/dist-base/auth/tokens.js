import { createHash, randomBytes } from 'node:crypto';
import { isClustered, writeTable } from '../store/cluster-layout.js';
import { select } from '../store/query.js';
import { ident, sql } from '../store/sql.js';
/** DateTime64(3) text input: seconds with a 3-digit fraction (unambiguous for any engine version). */
function msToCh(ms) {
    return (ms / 1000).toFixed(3);
}
export function hashToken(token) {
    return createHash('sha256').update(token, 'utf8').digest('hex');
}
export function newToken(role) {
    return `ptk_${role[0]}_${randomBytes(32).toString('base64url')}`;
}
/** Does `have` grant `need`? admin grants everything; read and ingest only themselves. */
export function roleGrants(have, need) {
    return have === 'admin' || have === need;
}
export class TokenStore {
    ch;
    staticTokens = new Map();
    stored = new Map();
    lastRefresh = 0;
    refreshing;
    timer;
    now;
    refreshEveryMs;
    missRefreshMinMs;
    log;
    /** whether the api_tokens table could be read at all */
    tableAvailable = false;
    /** failed reloads of the api_tokens table since start (exported as a Prometheus counter) */
    refreshErrors = 0;
    constructor(cfg, ch, opts = {}) {
        this.ch = ch;
        this.now = opts.now ?? Date.now;
        this.refreshEveryMs = opts.refreshEveryMs ?? 10_000;
        this.missRefreshMinMs = opts.missRefreshMinMs ?? 2_000;
        this.log = opts.log;
        for (const t of cfg.staticTokens) {
            const hash = hashToken(t.token);
            this.staticTokens.set(hash, {
                hash,
                role: t.role,
                name: 'static',
                createdAt: 0,
                expiresAt: t.expiresAt ?? null,
                revoked: false,
                source: 'static',
            });
        }
    }
    get table() {
        if (!this.ch)
            throw new Error('no ClickHouse');
        // on a cluster through its Distributed table (store/cluster-layout.ts)
        return `${ident(this.ch.database)}.${writeTable(this.ch.database, 'api_tokens')}`;
    }
    async start() {
        await this.refresh();
        if (this.ch) {
            this.timer = setInterval(() => {
                void this.refreshOrKeep();
            }, this.refreshEveryMs);
            this.timer.unref();
        }
    }
    stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
    }
    /**
     * Reloads stored tokens. On failure the previous set stays, `refreshErrors` counts it and the
     * error is thrown.
     */
    refresh() {
        if (!this.ch)
            return Promise.resolve();
        if (this.refreshing)
            return this.refreshing;
        const ch = this.ch;
        this.refreshing = (async () => {
            try {
                const rows = await select(ch, sql('tokens_all', ch.database));
                const next = new Map();
                for (const r of rows) {
                    next.set(r.TokenHash, {
                        hash: r.TokenHash,
                        role: r.Role,
                        name: r.Name,
                        createdAt: Number(r.CreatedAt),
                        expiresAt: r.ExpiresAt === null ? null : Number(r.ExpiresAt),
                        revoked: Boolean(r.Revoked),
                        source: 'stored',
                    });
                }
                this.stored = next;
                this.tableAvailable = true;
            }
            catch (err) {
                this.refreshErrors++;
                throw err;
            }
            finally {
                this.lastRefresh = this.now();
                this.refreshing = undefined;
            }
        })();
        return this.refreshing;
    }
    /** `refresh`, keeping the tokens known so far when it fails (the failure is logged and counted). */
    async refreshOrKeep() {
        try {
            await this.refresh();
            return true;
        }
        catch (err) {
            this.log?.warn({ err }, 'could not reload api_tokens; keeping the tokens known so far');
            return false;
        }
    }
    lookup(hash) {
        return this.staticTokens.get(hash) ?? this.stored.get(hash);
    }
    async verify(token) {
        const hash = hashToken(token);
        let rec = this.lookup(hash);
        if (!rec && this.ch && this.now() - this.lastRefresh >= this.missRefreshMinMs) {
            await this.refreshOrKeep();
            rec = this.lookup(hash);
        }
        if (!rec || rec.revoked)
            return { ok: false, reason: 'invalid' };
        if (rec.expiresAt !== null && rec.expiresAt <= this.now())
            return { ok: false, reason: 'expired' };
        return { ok: true, record: rec };
    }
    /** Creates and stores a token; returns the clear text (shown once). */
    async create(role, name, ttlMs) {
        if (!this.ch)
            throw new Error('tokens can only be created with ClickHouse');
        const token = newToken(role);
        const now = this.now();
        const record = {
            hash: hashToken(token),
            role,
            name,
            createdAt: now,
            expiresAt: ttlMs === null ? null : now + ttlMs,
            revoked: false,
            source: 'stored',
        };
        await this.write(record);
        this.stored.set(record.hash, record);
        return { token, record };
    }
    /** Revokes a stored token by hash prefix (>= 8 hex chars, must be unique). Returns how many matched. */
    async revoke(hashPrefix) {
        await this.refresh();
        const matches = [...this.stored.values()].filter((r) => r.hash.startsWith(hashPrefix) && !r.revoked);
        if (matches.length !== 1)
            return matches.length;
        const rec = { ...matches[0], revoked: true };
        await this.write(rec);
        this.stored.set(rec.hash, rec);
        return 1;
    }
    list() {
        return [...this.staticTokens.values(), ...this.stored.values()];
    }
    async write(r) {
        if (!this.ch)
            return;
        await this.ch.writer.insert({
            table: this.table,
            format: 'JSONEachRow',
            ...(isClustered(this.ch.database) ? { clickhouse_settings: { insert_distributed_sync: 1 } } : {}),
            values: [
                {
                    TokenHash: r.hash,
                    Role: r.role,
                    Name: r.name,
                    CreatedAt: msToCh(r.createdAt),
                    ExpiresAt: r.expiresAt === null ? null : msToCh(r.expiresAt),
                    Revoked: r.revoked,
                    Version: Date.now() * 1000 + Math.floor(Math.random() * 1000),
                },
            ],
        });
    }
    /** true when no stored token exists (first start). */
    async isEmpty() {
        if (!this.ch)
            return false;
        const rows = await select(this.ch, sql('tokens_count', this.ch.database));
        return Number(rows[0]?.n ?? 0) === 0;
    }
}
//# sourceMappingURL=tokens.js.map
import { createHash, randomBytes } from 'node:crypto';
import type { ApiConfig, Role } from '../api-config.js';
import { isClustered, writeTable } from '../store/cluster-layout.js';
import { type ChHandle, select } from '../store/query.js';
import { ident, sql } from '../store/sql.js';

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

export type VerifyResult = { ok: true; record: TokenRecord } | { ok: false; reason: 'invalid' | 'expired' };

/** DateTime64(3) text input: seconds with a 3-digit fraction (unambiguous for any engine version). */
function msToCh(ms: number): string {
  return (ms / 1000).toFixed(3);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(role: Role): string {
  return `ptk_${role[0]}_${randomBytes(32).toString('base64url')}`;
}

/** Does `have` grant `need`? admin grants everything; read and ingest only themselves. */
export function roleGrants(have: Role, need: Role): boolean {
  return have === 'admin' || have === need;
}

interface TokenRow {
  TokenHash: string;
  Role: Role;
  Name: string;
  CreatedAt: string;
  ExpiresAt: string | null;
  Revoked: boolean | number;
}

export interface TokenStoreOptions {
  now?: () => number;
  refreshEveryMs?: number;
  /** least time between two refreshes caused by unknown tokens */
  missRefreshMinMs?: number;
  /** where failed background refreshes are reported */
  log?: { warn(obj: object, msg: string): void };
}

export class TokenStore {
  private readonly staticTokens = new Map<string, TokenRecord>();
  private stored = new Map<string, TokenRecord>();
  private lastRefresh = 0;
  private refreshing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly refreshEveryMs: number;
  private readonly missRefreshMinMs: number;
  private readonly log: TokenStoreOptions['log'];
  /** whether the api_tokens table could be read at all */
  tableAvailable = false;
  /** failed reloads of the api_tokens table since start (exported as a Prometheus counter) */
  refreshErrors = 0;

  constructor(
    cfg: ApiConfig,
    private readonly ch: ChHandle | undefined,
    opts: TokenStoreOptions = {},
  ) {
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

  private get table(): string {
    if (!this.ch) throw new Error('no ClickHouse');
    // on a cluster through its Distributed table (store/cluster-layout.ts)
    return `${ident(this.ch.database)}.${writeTable(this.ch.database, 'api_tokens')}`;
  }

  async start(): Promise<void> {
    await this.refresh();
    if (this.ch) {
      this.timer = setInterval(() => {
        void this.refreshOrKeep();
      }, this.refreshEveryMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Reloads stored tokens. On failure the previous set stays, `refreshErrors` counts it and the
   * error is thrown.
   */
  refresh(): Promise<void> {
    if (!this.ch) return Promise.resolve();
    if (this.refreshing) return this.refreshing;
    const ch = this.ch;
    this.refreshing = (async () => {
      try {
        const rows = await select<TokenRow>(ch, sql('tokens_all', ch.database));
        const next = new Map<string, TokenRecord>();
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
      } catch (err) {
        this.refreshErrors++;
        throw err;
      } finally {
        this.lastRefresh = this.now();
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** `refresh`, keeping the tokens known so far when it fails (the failure is logged and counted). */
  async refreshOrKeep(): Promise<boolean> {
    try {
      await this.refresh();
      return true;
    } catch (err) {
      this.log?.warn({ err }, 'could not reload api_tokens; keeping the tokens known so far');
      return false;
    }
  }

  private lookup(hash: string): TokenRecord | undefined {
    return this.staticTokens.get(hash) ?? this.stored.get(hash);
  }

  async verify(token: string): Promise<VerifyResult> {
    const hash = hashToken(token);
    let rec = this.lookup(hash);
    if (!rec && this.ch && this.now() - this.lastRefresh >= this.missRefreshMinMs) {
      await this.refreshOrKeep();
      rec = this.lookup(hash);
    }
    if (!rec || rec.revoked) return { ok: false, reason: 'invalid' };
    if (rec.expiresAt !== null && rec.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, record: rec };
  }

  /** Creates and stores a token; returns the clear text (shown once). */
  async create(role: Role, name: string, ttlMs: number | null): Promise<{ token: string; record: TokenRecord }> {
    if (!this.ch) throw new Error('tokens can only be created with ClickHouse');
    const token = newToken(role);
    const now = this.now();
    const record: TokenRecord = {
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
  async revoke(hashPrefix: string): Promise<number> {
    await this.refresh();
    const matches = [...this.stored.values()].filter((r) => r.hash.startsWith(hashPrefix) && !r.revoked);
    if (matches.length !== 1) return matches.length;
    const rec = { ...matches[0]!, revoked: true };
    await this.write(rec);
    this.stored.set(rec.hash, rec);
    return 1;
  }

  list(): TokenRecord[] {
    return [...this.staticTokens.values(), ...this.stored.values()];
  }

  private async write(r: TokenRecord): Promise<void> {
    if (!this.ch) return;
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
  async isEmpty(): Promise<boolean> {
    if (!this.ch) return false;
    const rows = await select<{ n: string }>(this.ch, sql('tokens_count', this.ch.database));
    return Number(rows[0]?.n ?? 0) === 0;
  }
}

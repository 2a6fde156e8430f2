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
 * | PODTRAIL_LIVE_PARTIAL_MS         | 250     | how often the live hub pushes the rows of seconds still open (`partial` ticks); 0 = only when a second closes |
 * | PODTRAIL_LIVE_BUFFER             | 600     | per WebSocket client queue length before oldest messages are dropped |
 * | PODTRAIL_LIVE_REPLAY_S           | 600     | seconds of ticks/transitions kept in memory for `since` replay |
 * | PODTRAIL_LIVE_REPLAY_MAX_ROWS    | 100000  | pod-second rows kept for replay at most, whatever their age (~1 KB of heap each; the oldest go first) |
 */

export type Role = 'ingest' | 'read' | 'admin';
export const ROLES: readonly Role[] = ['ingest', 'read', 'admin'];

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
  livePartialMs: number;
  liveBufferSize: number;
  liveReplaySeconds: number;
  /** pod-second rows kept for replay at most (live/hub.ts maxHistoryRows) */
  liveReplayMaxRows: number;
}

export function defaultApiConfig(): ApiConfig {
  return {
    authEnabled: true,
    staticTokens: [],
    bootstrapTokens: true,
    tokenTtlDays: 90,
    corsOrigins: [],
    rateLimitPerMin: 1200,
    apdexThresholdMs: 500,
    apdexThresholdMsByService: {},
    liveGraceMs: 2000,
    livePartialMs: 250,
    liveBufferSize: 600,
    liveReplaySeconds: 600,
    liveReplayMaxRows: 100_000,
  };
}

export class ApiConfigError extends Error {
  readonly code = 'APM_ERR_CONFIG_INVALID';
  constructor(readonly errors: string[]) {
    super(`invalid API configuration:\n  - ${errors.join('\n  - ')}`);
    this.name = 'ApiConfigError';
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Token strings: printable ASCII without separators, 16..256 chars. */
export const TOKEN_RE = /^[A-Za-z0-9._~+/=-]{16,256}$/;

/**
 * Loads the API configuration. `options` win over `env`, which wins over defaults.
 * Throws ApiConfigError listing every problem.
 */
export function loadApiConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: Partial<ApiConfig> = {},
  listenHost?: string,
): ApiConfig {
  const errors: string[] = [];
  const cfg = defaultApiConfig();

  const int = (name: string, min: number, max: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    if (!/^\d+$/.test(raw.trim())) {
      errors.push(`${name} must be an integer, got ${JSON.stringify(raw)}`);
      return undefined;
    }
    const n = Number(raw.trim());
    if (n < min || n > max) {
      errors.push(`${name} must be between ${min} and ${max}, got ${n}`);
      return undefined;
    }
    return n;
  };
  const bool = (name: string): boolean | undefined => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return undefined;
    if (['1', 'on', 'true', 'yes'].includes(raw)) return true;
    if (['0', 'off', 'false', 'no'].includes(raw)) return false;
    errors.push(`${name} must be on/off, got ${JSON.stringify(env[name])}`);
    return undefined;
  };

  const auth = bool('PODTRAIL_AUTH');
  if (auth !== undefined) cfg.authEnabled = auth;
  const boot = bool('PODTRAIL_BOOTSTRAP_TOKENS');
  if (boot !== undefined) cfg.bootstrapTokens = boot;

  const ttl = int('PODTRAIL_TOKEN_TTL_DAYS', 0, 36_500);
  if (ttl !== undefined) cfg.tokenTtlDays = ttl;
  const rl = int('PODTRAIL_RATE_LIMIT_PER_MIN', 0, 10_000_000);
  if (rl !== undefined) cfg.rateLimitPerMin = rl;
  const apdex = int('PODTRAIL_APDEX_T_MS', 1, 3_600_000);
  if (apdex !== undefined) cfg.apdexThresholdMs = apdex;
  const grace = int('PODTRAIL_LIVE_GRACE_MS', 0, 60_000);
  if (grace !== undefined) cfg.liveGraceMs = grace;
  const partial = int('PODTRAIL_LIVE_PARTIAL_MS', 0, 10_000);
  if (partial !== undefined) cfg.livePartialMs = partial;
  const buf = int('PODTRAIL_LIVE_BUFFER', 1, 1_000_000);
  if (buf !== undefined) cfg.liveBufferSize = buf;
  const replay = int('PODTRAIL_LIVE_REPLAY_S', 0, 86_400);
  if (replay !== undefined) cfg.liveReplaySeconds = replay;
  const replayRows = int('PODTRAIL_LIVE_REPLAY_MAX_ROWS', 0, 100_000_000);
  if (replayRows !== undefined) cfg.liveReplayMaxRows = replayRows;

  const byService = env.PODTRAIL_APDEX_T_MS_BY_SERVICE?.trim();
  if (byService) {
    for (const part of byService.split(',')) {
      const p = part.trim();
      if (!p) continue;
      const eq = p.lastIndexOf('=');
      const svc = eq > 0 ? p.slice(0, eq).trim() : '';
      const val = eq > 0 ? p.slice(eq + 1).trim() : '';
      if (!svc || !/^\d+$/.test(val) || Number(val) < 1) {
        errors.push(`PODTRAIL_APDEX_T_MS_BY_SERVICE entry ${JSON.stringify(p)} must be service=milliseconds (>= 1)`);
        continue;
      }
      cfg.apdexThresholdMsByService[svc] = Number(val);
    }
  }

  const cors = env.PODTRAIL_CORS_ORIGINS?.trim();
  if (cors) {
    for (const o of cors.split(',')) {
      const origin = o.trim();
      if (!origin) continue;
      if (origin !== '*' && !/^https?:\/\/[^\s/]+$/.test(origin)) {
        errors.push(`PODTRAIL_CORS_ORIGINS entry ${JSON.stringify(origin)} must be * or scheme://host[:port]`);
        continue;
      }
      cfg.corsOrigins.push(origin);
    }
  }

  const tokens = env.PODTRAIL_TOKENS?.trim();
  if (tokens) {
    tokens.split(',').forEach((entry, i) => {
      const e = entry.trim();
      if (!e) return;
      const c1 = e.indexOf(':');
      const role = c1 > 0 ? e.slice(0, c1) : '';
      const rest = c1 > 0 ? e.slice(c1 + 1) : '';
      const c2 = rest.indexOf(':');
      const token = c2 >= 0 ? rest.slice(0, c2) : rest;
      const exp = c2 >= 0 ? rest.slice(c2 + 1) : '';
      if (!ROLES.includes(role as Role)) {
        errors.push(`PODTRAIL_TOKENS entry #${i + 1}: role must be one of ${ROLES.join('/')}`);
        return;
      }
      if (!TOKEN_RE.test(token)) {
        errors.push(`PODTRAIL_TOKENS entry #${i + 1}: token must be 16..256 chars of [A-Za-z0-9._~+/=-]`);
        return;
      }
      let expiresAt: number | undefined;
      if (exp) {
        expiresAt = /^\d+$/.test(exp) ? Number(exp) : Date.parse(exp);
        if (!Number.isFinite(expiresAt)) {
          errors.push(`PODTRAIL_TOKENS entry #${i + 1}: expiry must be epoch ms or an ISO date`);
          return;
        }
      }
      cfg.staticTokens.push(
        expiresAt === undefined ? { role: role as Role, token } : { role: role as Role, token, expiresAt },
      );
    });
  }

  const merged: ApiConfig = { ...cfg, ...stripUndefined(options) };
  if (!merged.authEnabled) {
    const host = listenHost ?? env.PODTRAIL_HOST ?? env.HOST;
    const acknowledged = env.PODTRAIL_AUTH_OFF_I_UNDERSTAND === '1';
    if (host !== undefined && !LOOPBACK.has(host) && !acknowledged) {
      errors.push(
        `PODTRAIL_AUTH=off is only allowed when listening on loopback (host is ${host}); set PODTRAIL_AUTH_OFF_I_UNDERSTAND=1 to override`,
      );
    }
  }
  if (errors.length) throw new ApiConfigError(errors);
  return merged;
}

function stripUndefined<T extends object>(o: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Apdex threshold T (ms) for a service. */
export function apdexThresholdFor(
  cfg: Pick<ApiConfig, 'apdexThresholdMs' | 'apdexThresholdMsByService'>,
  service: string,
) {
  return cfg.apdexThresholdMsByService[service] ?? cfg.apdexThresholdMs;
}

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ChHandle } from '../store/query.js';
import { type ClickHouseTarget, clickhouseTarget } from '../testing/clickhouse-target.js';
import { seedFixture } from '../testing/query-fixture.js';
import { buildQueryApp, closeQueryTest, openTarget } from '../testing/query-harness.js';

const T = {
  read: 'read-token-for-security-01',
  admin: 'admin-token-for-security-01',
  ingest: 'ingest-token-for-security-01',
  expired: 'expired-read-token-security',
};

const INJECTIONS = [
  "' OR 1=1 --",
  "\\'); DROP TABLE spans; --",
  '{x:String}',
  '%',
  '_',
  '%%',
  'ünïcødé 🚀 日本',
  'x'.repeat(10_000),
  '\u0000',
  'a\u0000b',
  '`podtrail`.`spans`',
  "shop' UNION SELECT * FROM system.users --",
  '../../etc/passwd',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile literal, not a template
  '${jndi:ldap://x}',
  '\\',
  "checkout-aaa11' OR PodName != '",
];

let target: ClickHouseTarget | undefined;
let dir: string;
let ch: ChHandle;
let app: FastifyInstance;
const routes: RouteOptions[] = [];
let spansBefore = 0;

async function count(table: string): Promise<number> {
  const rs = await ch.reader.query({
    query: `SELECT count() AS n FROM ${ch.database}.${table}`,
    format: 'JSONEachRow',
  });
  return Number(((await rs.json()) as Array<{ n: string }>)[0]!.n);
}

beforeAll(async () => {
  target = clickhouseTarget('podtrail-security-');
  dir = target.dataDir;
  ch = await openTarget(target);
  await seedFixture(ch);
  spansBefore = await count('spans');
  app = await buildQueryApp({
    ch,
    dataDir: join(dir, 'data'),
    config: {
      staticTokens: [
        { role: 'read', token: T.read },
        { role: 'admin', token: T.admin },
        { role: 'ingest', token: T.ingest },
        { role: 'read', token: T.expired, expiresAt: Date.now() - 1000 },
      ],
      rateLimitPerMin: 0,
    },
    onRoute: (r) => {
      routes.push(r);
    },
  });
});

afterAll(() => closeQueryTest({ app, ch, target }));

function methods(r: RouteOptions): string[] {
  return (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'OPTIONS');
}

/** A concrete URL for a route pattern (valid values for path params). */
function concrete(url: string): string {
  return url
    .replace(':traceId', 'ab'.repeat(16))
    .replace(':namespace', 'shop')
    .replace(':podName', 'checkout-aaa11')
    .replace(':workload', 'checkout')
    .replace(':id', 'abcdef012345');
}

function apiRoutes(): Array<{ method: string; url: string; route: RouteOptions }> {
  const out: Array<{ method: string; url: string; route: RouteOptions }> = [];
  for (const r of routes) {
    if (!r.url.startsWith('/api/v1')) continue;
    for (const m of methods(r)) out.push({ method: m, url: r.url, route: r });
  }
  return out;
}

describe('every route and the socket check the token', () => {
  it('found the routes', () => {
    const urls = new Set(apiRoutes().map((r) => `${r.method} ${r.url}`));
    for (const u of [
      'GET /api/v1/velocity',
      'GET /api/v1/heatmap',
      'GET /api/v1/transactions',
      'GET /api/v1/traces/:traceId',
      'GET /api/v1/spans',
      'GET /api/v1/pods',
      'GET /api/v1/pods/:namespace/:podName',
      'GET /api/v1/workloads/:namespace/:workload/history',
      'GET /api/v1/events',
      'GET /api/v1/compare',
      'GET /api/v1/services',
      'POST /api/v1/tokens',
      'GET /api/v1/tokens',
      'DELETE /api/v1/tokens/:id',
      'GET /api/v1/openapi.json',
      'GET /api/v1/live',
    ])
      expect(urls).toContain(u);
  });

  it('refuses no token, a wrong token, an expired token and the wrong role on every route', async () => {
    const list = apiRoutes();
    expect(list.length).toBeGreaterThanOrEqual(16);
    for (const { method, url, route } of list) {
      const need = (route.config as { auth?: string }).auth;
      expect(need === 'read' || need === 'admin', `${method} ${url} declares a role`).toBe(true);
      const u = concrete(url);
      const inject = (headers: Record<string, string>, query = '') =>
        app.inject({
          method: method as 'GET',
          url: `${u}${query}`,
          headers,
          ...(method === 'POST' ? { payload: { role: 'read' } } : {}),
        });
      const none = await inject({});
      expect(none.statusCode, `${method} ${url} without token`).toBe(401);
      if (method !== 'HEAD') expect(none.json().code).toBe('APM_ERR_AUTH_MISSING');
      const wrong = await inject({ authorization: 'Bearer not-a-valid-token-at-all' });
      expect(wrong.statusCode, `${method} ${url} wrong token`).toBe(401);
      if (method !== 'HEAD') expect(wrong.json().code).toBe('APM_ERR_AUTH_INVALID');
      const malformed = await inject({ authorization: 'Basic abc' });
      expect(malformed.statusCode, `${method} ${url} malformed header`).toBe(401);
      const expired = await inject({ authorization: `Bearer ${T.expired}` });
      expect(expired.statusCode, `${method} ${url} expired`).toBe(401);
      if (method !== 'HEAD') expect(expired.json().code).toBe('APM_ERR_AUTH_EXPIRED');
      const ingest = await inject({ authorization: `Bearer ${T.ingest}` });
      expect(ingest.statusCode, `${method} ${url} ingest role`).toBe(403);
      if (method !== 'HEAD') expect(ingest.json().code).toBe('APM_ERR_AUTH_FORBIDDEN');
      if (need === 'admin') {
        const read = await inject({ authorization: `Bearer ${T.read}` });
        expect(read.statusCode, `${method} ${url} read role`).toBe(403);
      }
      // the query-string token is for GET only; an expired one is refused too
      const qExpired = await inject({}, `?token=${T.expired}`);
      expect(qExpired.statusCode).toBe(401);
      if (method !== 'GET' && method !== 'HEAD') {
        const q = await inject({}, `?token=${T.admin}`);
        expect(q.statusCode, `${method} ${url} must not take ?token=`).toBe(401);
      }
      // the right role gets through auth (any non-auth status)
      if (url !== '/api/v1/live') {
        const ok = await inject({ authorization: `Bearer ${need === 'admin' ? T.admin : T.read}` });
        expect([401, 403], `${method} ${url} with the right role`).not.toContain(ok.statusCode);
      }
    }
  });

  it('accepts a read token in the URL (wall screen)', async () => {
    const res = await app.inject({ url: `/api/v1/velocity?token=${T.read}` });
    expect(res.statusCode).toBe(200);
    const who = await app.inject({ url: `/api/v1/whoami?token=${T.read}` });
    expect(who.json()).toMatchObject({ role: 'read', authEnabled: true });
  });

  it('checks the WebSocket upgrade', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const attempt = (q: string, headers: Record<string, string> = {}) =>
      new Promise<number | 'open'>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live${q}`, { headers });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => {});
      });
    expect(await attempt('')).toBe(401);
    expect(await attempt('?token=wrong-token-0123456789')).toBe(401);
    expect(await attempt(`?token=${T.expired}`)).toBe(401);
    expect(await attempt(`?token=${T.ingest}`)).toBe(403);
    expect(await attempt(`?token=${T.read}`)).toBe('open');
    expect(await attempt('', { authorization: `Bearer ${T.read}` })).toBe('open');
  });
});

describe('tokens', () => {
  it('bootstrap created admin/read/ingest tokens, printed once, in a 0600 file', async () => {
    const file = join(dir, 'data', 'initial-tokens.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const tokens = Object.fromEntries(lines.map((l) => l.split('=') as [string, string]));
    expect(Object.keys(tokens).sort()).toEqual(['admin', 'ingest', 'read']);
    const who = await app.inject({ url: '/api/v1/whoami', headers: { authorization: `Bearer ${tokens.read}` } });
    expect(who.json().role).toBe('read');
    const create = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: `Bearer ${tokens.admin}` },
      payload: { role: 'read' },
    });
    expect(create.statusCode).toBe(200);
    // stored hashed only
    const rs = await ch.reader.query({
      query: `SELECT groupArray(TokenHash) AS h FROM ${ch.database}.api_tokens`,
      format: 'JSONEachRow',
    });
    const hashes = ((await rs.json()) as Array<{ h: string[] }>)[0]!.h;
    expect(hashes.length).toBeGreaterThanOrEqual(4);
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes).not.toContain(tokens.read);
    // a second start on the same store creates no new tokens
    const app2 = await buildQueryApp({ ch, dataDir: join(dir, 'data2'), live: false });
    await app2.close();
    expect(() => statSync(join(dir, 'data2', 'initial-tokens.txt'))).toThrow();
  });

  it('creates, uses, expires and revokes stored tokens', async () => {
    const admin = { authorization: `Bearer ${T.admin}` };
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: admin,
      payload: { role: 'read', name: 'wall screen', ttlDays: 1 },
    });
    expect(created.statusCode).toBe(200);
    const { token, id, expiresAt } = created.json();
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(86_300_000);
    expect((await app.inject({ url: `/api/v1/pods?token=${token}` })).statusCode).toBe(200);
    const list = await app.inject({ url: '/api/v1/tokens', headers: admin });
    expect(list.json().tokens.find((t: { id: string }) => t.id === id)).toMatchObject({ role: 'read', revoked: false });
    expect(JSON.stringify(list.json())).not.toContain(token);
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: admin });
    expect(del.json()).toEqual({ revoked: 1 });
    const after = await app.inject({ url: `/api/v1/pods?token=${token}` });
    expect(after.statusCode).toBe(401);
    // an expired stored token
    const { token: short } = await app.tokens.create('read', 'short', -1);
    const exp = await app.inject({ url: '/api/v1/pods', headers: { authorization: `Bearer ${short}` } });
    expect(exp.statusCode).toBe(401);
    expect(exp.json().code).toBe('APM_ERR_AUTH_EXPIRED');
    // bad bodies
    const bad = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: admin, payload: { role: 'root' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('APM_ERR_API_VALIDATION');
  });
});

describe('hostile parameters', () => {
  type Schema = { type?: string; anyOf?: Schema[]; properties?: Record<string, Schema>; required?: string[] };
  const VALID: Record<string, string> = {
    aFrom: 'now-2h',
    aTo: 'now-1h',
    bFrom: 'now-1h',
    bTo: 'now',
  };
  const isStringish = (s: Schema) =>
    s.type === 'string' || (Array.isArray(s.anyOf) && s.anyOf.some((x) => x.type === 'string'));

  /** 200 answers must carry no data at all. */
  function empty(url: string, body: Record<string, unknown>): boolean {
    const b = body as Record<string, unknown> & {
      rows?: unknown[];
      pods?: unknown[];
      events?: unknown[];
      total?: number;
      a?: { transactions: number };
      b?: { transactions: number };
      starts?: unknown[];
      ends?: unknown[];
      restarts?: unknown[];
      replicas?: Array<{ running: number }>;
      hpas?: unknown[];
      kubernetes?: unknown[];
    };
    if (url.endsWith('/logs')) return (b.logs as unknown[]).length === 0 && b.nextCursor === null;
    if (url.includes('/velocity')) return b.rows!.length === 0;
    if (url.includes('/heatmap')) return b.total === 0;
    if (url.includes('/transactions')) return b.total === 0 && b.rows!.length === 0;
    if (url.includes('/spans')) return b.rows!.length === 0;
    if (url.includes('/events')) return b.events!.length === 0 && (b.kubernetes ?? []).length === 0;
    if (url.endsWith('/hpa')) return b.hpas!.length === 0 && b.replicas!.length === 0;
    if (url.includes('/compare')) return b.a!.transactions === 0 && b.b!.transactions === 0;
    if (url.includes('/history'))
      return (
        b.starts!.length === 0 &&
        b.ends!.length === 0 &&
        b.restarts!.length === 0 &&
        b.replicas!.every((r) => r.running === 0)
      );
    if (url.includes('/pods')) return b.pods!.length === 0;
    if (url.includes('/service-map')) return (body.nodes as unknown[]).length + (body.edges as unknown[]).length === 0;
    return false;
  }

  it('every string parameter: 4xx or empty, never a 500, never other data', async () => {
    const admin = { authorization: `Bearer ${T.admin}` };
    let tried = 0;
    let emptyOk = 0;
    for (const { method, url, route } of apiRoutes()) {
      if (method !== 'GET' || url === '/api/v1/live') continue;
      const schema = (route.schema ?? {}) as { querystring?: Schema; params?: Schema };
      const q = schema.querystring?.properties ?? {};
      const required = schema.querystring?.required ?? [];
      const baseQuery: Record<string, string> = {};
      for (const r of required) baseQuery[r] = VALID[r] ?? 'x';
      const targets: Array<{ kind: 'query' | 'param'; name: string }> = [];
      for (const [name, s] of Object.entries(q)) if (isStringish(s)) targets.push({ kind: 'query', name });
      for (const name of Object.keys(schema.params?.properties ?? {})) targets.push({ kind: 'param', name });
      for (const t of targets) {
        for (const inj of INJECTIONS) {
          let u: string;
          if (t.kind === 'param') {
            u = concrete(url.replace(`:${t.name}`, encodeURIComponent(inj)));
            u += `?${new URLSearchParams(baseQuery)}`;
          } else {
            u = `${concrete(url)}?${new URLSearchParams({ ...baseQuery, [t.name]: inj })}`;
          }
          const res = await app.inject({ method: 'GET', url: u, headers: admin });
          tried++;
          const label = `${url} ${t.kind} ${t.name}=${JSON.stringify(inj.slice(0, 40))}`;
          expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode === 200) {
            expect(empty(url, res.json()), `${label} returned data`).toBe(true);
            emptyOk++;
          } else {
            expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
            expect(res.json().code, label).toMatch(/^APM_ERR_/);
            expect(res.body, label).not.toMatch(/DB::Exception|Code: \d+/);
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(300);
    // the filters were really exercised (not everything refused by validation)
    expect(emptyOk).toBeGreaterThan(100);
    // nothing was dropped or changed
    expect(await count('spans')).toBe(spansBefore);
    expect(await count('pods')).toBeGreaterThan(0);
  });

  it('validation errors name the field', async () => {
    const r = await app.inject({
      url: '/api/v1/transactions?limit=abc',
      headers: { authorization: `Bearer ${T.read}` },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'APM_ERR_API_VALIDATION', field: 'limit' });
    const long = await app.inject({
      url: `/api/v1/pods?q=${'x'.repeat(10_000)}`,
      headers: { authorization: `Bearer ${T.read}` },
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().field).toBe('q');
    const sort = await app.inject({
      url: '/api/v1/transactions?sort=DurationNs;DROP',
      headers: { authorization: `Bearer ${T.read}` },
    });
    expect(sort.statusCode).toBe(400);
    expect(sort.json().field).toBe('sort');
    const range = await app.inject({
      url: '/api/v1/velocity?from=now&to=now-1h',
      headers: { authorization: `Bearer ${T.read}` },
    });
    expect(range.statusCode).toBe(400);
    expect(range.json()).toMatchObject({ code: 'APM_ERR_API_BAD_TIME_RANGE', field: 'from' });
  });
});

describe('rate limit and CORS', () => {
  it('limits requests per token per minute', async () => {
    const limited = await buildQueryApp({
      ch,
      config: { staticTokens: [{ role: 'read', token: T.read }], rateLimitPerMin: 5, bootstrapTokens: false },
      live: false,
    });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++)
        codes.push(
          (await limited.inject({ url: '/api/v1/services', headers: { authorization: `Bearer ${T.read}` } }))
            .statusCode,
        );
      expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const r = await limited.inject({ url: '/api/v1/services', headers: { authorization: `Bearer ${T.read}` } });
      expect(r.json().code).toBe('APM_ERR_API_RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });

  it('PODTRAIL_AUTH=off (explicit) lets requests through without a token', async () => {
    const open = await buildQueryApp({ ch, config: { authEnabled: false, bootstrapTokens: false }, live: false });
    try {
      const r = await open.inject({ url: '/api/v1/whoami' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ role: 'admin', authEnabled: false });
    } finally {
      await open.close();
    }
  });

  it('answers CORS preflights only for configured origins', async () => {
    const c = await buildQueryApp({
      ch,
      config: {
        staticTokens: [{ role: 'read', token: T.read }],
        corsOrigins: ['http://wall.example:8080'],
        bootstrapTokens: false,
      },
      live: false,
    });
    try {
      const ok = await c.inject({
        method: 'OPTIONS',
        url: '/api/v1/velocity',
        headers: { origin: 'http://wall.example:8080', 'access-control-request-method': 'GET' },
      });
      expect(ok.headers['access-control-allow-origin']).toBe('http://wall.example:8080');
      const bad = await c.inject({
        method: 'OPTIONS',
        url: '/api/v1/velocity',
        headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
      });
      expect(bad.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await c.close();
    }
  });
});

/**
 * One demo "pod": a plain node:http service with no podtrail code in it. The agent is added from the
 * outside (`node --import @podtrail/agent/register demo/src/service.mjs`), exactly as for a real app.
 *
 * DEMO_ROLE picks what it serves:
 *   portal     portal-demo:   /, /login, /search, /static/app.js        -> calls groupware over HTTP
 *   groupware  groupware-demo: /api/mail/inbox, /api/mail/<id>, /api/calendar/today, /api/auth/session,
 *              /api/search, /api/report/monthly (slow), /api/attachments/preview (crashes the process on a
 *              bad file)  -> queries PostgreSQL with `pg` when DEMO_PG_URL is set (the report's SQL waits
 *              in pg_sleep), else calls the simulated db with fetch
 *   db         groupware-db:  /query?table=..  (random latency, lock waits, rare errors; the fallback
 *              when no PostgreSQL could be started)
 *
 * Upstreams come from the supervisor over IPC ({type:'endpoints', groupware:[urls], db:[urls]}) or,
 * standalone (compose, Kubernetes), from DEMO_GROUPWARE_URL / DEMO_DB_URL (comma-separated base URLs).
 * Listens on DEMO_HOST:DEMO_PORT (127.0.0.1:0 = ephemeral) and reports {type:'ready', port} over IPC.
 */
import http from 'node:http';

const role = process.env.DEMO_ROLE ?? 'groupware';
const host = process.env.DEMO_HOST ?? '127.0.0.1';
const port = Number(process.env.DEMO_PORT ?? 0);
const crashAfterMs = Number(process.env.DEMO_CRASH_AFTER_MS ?? 0);
const podName = process.env.POD_NAME ?? `${role}-local`;

if (!['portal', 'groupware', 'db'].includes(role)) {
  console.error(`DEMO_ROLE=${role}: expected portal, groupware or db`);
  process.exit(2);
}

/** @type {{ groupware: string[], db: string[] }} */
const endpoints = {
  groupware: splitUrls(process.env.DEMO_GROUPWARE_URL),
  db: splitUrls(process.env.DEMO_DB_URL),
};
/** @param {string | undefined} s */
function splitUrls(s) {
  return (s ?? '')
    .split(',')
    .map((u) => u.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}
let rr = 0;
/** @param {'groupware' | 'db'} svc @param {string} [avoid] */
function pick(svc, avoid) {
  const list = endpoints[svc];
  if (list.length === 0) return undefined;
  for (let i = 0; i < list.length; i++) {
    const u = list[rr++ % list.length];
    if (u !== avoid || list.length === 1) return u;
  }
  return list[0];
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
/** log-normal-ish latency: median `median` ms, long right tail */
function latency(median, spread = 0.6) {
  const u = Math.max(1e-9, Math.random());
  const v = Math.random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(1, median * Math.exp(spread * z));
}
let inFlight = 0;
/** busier pod = slower pod, so scaling out visibly lowers latency */
const contention = () => 1 + Math.max(0, inFlight - 1) / 4;

class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 15_000 });

/**
 * GET/POST a JSON path on a groupware pod with node:http (retries once on a connection error,
 * on another endpoint, as a client behind a Service would after a pod went away).
 * @param {string} path @param {'GET' | 'POST'} [method] @returns {Promise<unknown>}
 */
async function callGroupware(path, method = 'GET') {
  let lastErr;
  let avoid;
  for (let attempt = 0; attempt < 2; attempt++) {
    const base = pick('groupware', avoid);
    if (!base) throw new HttpError(503, 'no groupware endpoints');
    try {
      return await httpJson(`${base}${path}`, method);
    } catch (err) {
      lastErr = err;
      avoid = base;
      const code = /** @type {NodeJS.ErrnoException} */ (err).code;
      if (!code || !['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)) break;
    }
  }
  throw lastErr;
}

/** @param {string} url @param {'GET' | 'POST'} method @returns {Promise<unknown>} */
function httpJson(url, method) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: keepAlive, timeout: 10_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 400) {
          reject(new HttpError(502, `upstream ${method} ${new URL(url).pathname} answered ${res.statusCode}`));
          return;
        }
        try {
          resolve(body ? JSON.parse(body) : null);
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end();
  });
}

const pgUrl = process.env.DEMO_PG_URL?.trim();
/** @type {import('pg').Pool | undefined} */
let pgPool;
if (role === 'groupware' && pgUrl) {
  const { default: pg } = await import('pg');
  // small: up to 10 groupware pods share one demo server (max_connections 50)
  pgPool = new pg.Pool({ connectionString: pgUrl, max: 3, idleTimeoutMillis: 30_000 });
  pgPool.on('error', (err) => console.log(`pg pool: ${err.message}`));
}
const USERS = 200;
const someUser = () => 1 + Math.floor(Math.random() * USERS);

/** The groupware's SQL per query kind (the pg path); parameters only, so nothing literal is exported. */
const SQL = {
  mail: [
    'SELECT id, subject, size_bytes, received_at FROM mailbox_message WHERE owner_id = $1 AND folder = $2 ORDER BY received_at DESC LIMIT 20',
    () => [someUser(), 'inbox'],
  ],
  message: ['SELECT id, owner_id, subject, size_bytes, received_at FROM mailbox_message WHERE id = $1', () => []],
  calendar: [
    "SELECT id, title, starts_at FROM calendar_event WHERE owner_id = $1 AND starts_at >= date_trunc('day', now()) ORDER BY starts_at LIMIT 10",
    () => [someUser()],
  ],
  users: ['SELECT id, login, display_name FROM app_user WHERE id = $1', () => [someUser()]],
  documents: ['SELECT id, title FROM document WHERE title ILIKE $1 LIMIT 20', () => ['%draft%']],
  // the slow path: a monthly report over every mailbox, and the reporting database is slow to answer
  reports: [
    "SELECT owner_id, count(*) AS messages, sum(size_bytes) AS bytes FROM mailbox_message, pg_sleep($1) WHERE received_at >= now() - interval '30 days' GROUP BY owner_id ORDER BY bytes DESC LIMIT 10",
    () => [Number((0.8 + Math.random() * 2.5 * contention()).toFixed(3))],
  ],
};

/**
 * Runs the table's query on PostgreSQL, else queries the db service with fetch (undici), else
 * simulates it in-process when no db is configured.
 * @param {keyof typeof SQL | 'mail'} table @param {unknown[]} [params]
 */
async function queryDb(table, params) {
  if (pgPool) {
    const [text, args] = SQL[table] ?? SQL.mail;
    const res = await pgPool.query(text, params ?? args());
    return { table, rows: res.rowCount ?? res.rows.length };
  }
  const base = pick('db');
  if (!base) {
    await sleep(latency(8) * contention());
    return { table, rows: 20, simulated: true };
  }
  const res = await fetch(`${base}/query?table=${encodeURIComponent(table)}`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new HttpError(502, `db answered ${res.status} for ${table}`);
  return res.json();
}

/** @typedef {(url: URL, req: http.IncomingMessage) => Promise<unknown>} Handler */

/** @type {Record<string, Handler>} */
const portalRoutes = {
  'GET /': async () => {
    const [mail, calendar] = await Promise.all([
      callGroupware('/api/mail/inbox'),
      callGroupware('/api/calendar/today'),
    ]);
    return { page: 'home', mail, calendar };
  },
  'GET /login': async () => ({ page: 'login', session: await callGroupware('/api/auth/session', 'POST') }),
  'GET /search': async (url) => callGroupware(`/api/search?q=${encodeURIComponent(url.searchParams.get('q') ?? '')}`),
  'GET /static/app.js': async () => {
    await sleep(latency(2, 0.3));
    return { asset: 'app.js', bytes: 48_213 };
  },
};

/** @type {Record<string, Handler>} */
const groupwareRoutes = {
  'GET /api/mail/inbox': async () => {
    maybeFail(0.01, 'mail index unavailable');
    const rows = await queryDb('mail');
    await sleep(latency(6) * contention());
    return { unread: Math.floor(Math.random() * 12), rows };
  },
  'GET /api/mail/:id': async (url) => {
    const id = Number(url.pathname.slice('/api/mail/'.length));
    if (!Number.isInteger(id) || id < 1) throw new HttpError(400, 'mail id: expected a positive integer');
    const rows = await queryDb('message', [id]);
    return { id, rows };
  },
  'GET /api/calendar/today': async () => {
    maybeFail(0.005, 'calendar sync failed');
    const rows = await queryDb('calendar');
    return { events: 3, rows };
  },
  'POST /api/auth/session': async () => {
    await sleep(latency(15) * contention()); // password hashing
    maybeFail(0.01, 'session store timeout');
    return { session: Math.random().toString(36).slice(2, 10), user: await queryDb('users') };
  },
  'GET /api/search': async (url) => {
    // a few slow requests: an unindexed search now and then
    if (Math.random() < 0.03) await sleep(1000 + Math.random() * 2000);
    const a = await queryDb('mail');
    const b = await queryDb('documents');
    return { q: url.searchParams.get('q'), hits: [a, b] };
  },
  'GET /api/report/monthly': async () => {
    if (!pgPool) await sleep(800 + Math.random() * 2500 * contention());
    maybeFail(0.02, 'report generation failed');
    return { report: 'monthly', rows: await queryDb('reports') };
  },
  'GET /api/attachments/preview': async (url) => {
    const file = url.searchParams.get('file') ?? 'unknown.pdf';
    console.log(`preview: rendering ${file}`);
    if (file === 'corrupt.bin') {
      console.log(`preview: ${file} has no page table, parsing raw stream (2.3 MB)`);
      // A bug: the parser throws from a callback, so nothing catches it and the process dies.
      setTimeout(() => {
        /** @type {{ pages?: { length: number } }} */
        const doc = {};
        console.log(`preview: ${file} parsed, ${doc.pages?.length} pages`);
        throw new TypeError(`Cannot read properties of undefined (reading 'length') while rendering ${file}`);
      }, 25);
      return new Promise(() => {}); // never answers: the request is in flight when the process dies
    }
    await sleep(latency(20) * contention());
    return { file, pages: 1 + Math.floor(Math.random() * 9) };
  },
};

/** @type {Record<string, Handler>} */
const dbRoutes = {
  'GET /query': async (url) => {
    const table = url.searchParams.get('table') ?? 'unknown';
    if (Math.random() < 0.01) {
      await sleep(200 + Math.random() * 600); // lock wait
    } else {
      await sleep(latency(4) * contention());
    }
    maybeFail(0.005, `deadlock detected on ${table}`, 503);
    return { table, rows: 1 + Math.floor(Math.random() * 50) };
  },
};

/** @param {number} p @param {string} message @param {number} [status] */
function maybeFail(p, message, status = 500) {
  if (Math.random() < p) throw new HttpError(status, message);
}

const routes = role === 'portal' ? portalRoutes : role === 'db' ? dbRoutes : groupwareRoutes;

const server = http.createServer(async (req, res) => {
  const started = performance.now();
  const url = new URL(req.url ?? '/', 'http://localhost');
  const key = `${req.method} ${url.pathname}`;
  if (url.pathname === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  const handler = routes[key] ?? routes[key.replace(/\/\d+$/, '/:id')];
  if (!handler) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    return;
  }
  inFlight++;
  let status = 200;
  let body;
  try {
    body = JSON.stringify(await handler(url, req));
  } catch (err) {
    status = err instanceof HttpError ? err.status : 502;
    const message = err instanceof Error ? err.message : String(err);
    body = JSON.stringify({ error: message });
    console.log(`ERROR ${key} -> ${status}: ${message}`);
  } finally {
    inFlight--;
  }
  if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  if (status >= 500 || Math.random() < 0.05) {
    console.log(`${key} ${status} ${(performance.now() - started).toFixed(1)}ms`);
  }
});
server.keepAliveTimeout = 5000;

if (process.send) {
  process.on('message', (/** @type {{ type?: string, groupware?: string[], db?: string[] }} */ msg) => {
    if (msg?.type === 'endpoints') {
      endpoints.groupware = msg.groupware ?? endpoints.groupware;
      endpoints.db = msg.db ?? endpoints.db;
    }
  });
  // The supervisor went away (even SIGKILLed): stop like a pod whose node drains it.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

server.listen(port, host, () => {
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  console.log(`${podName}: ${role} listening on http://${host}:${actual}`);
  process.send?.({ type: 'ready', port: actual });
});

if (crashAfterMs > 0) {
  // Crash-loop simulation: the configuration this pod reloads is broken.
  setTimeout(() => {
    console.log('config: reloading /etc/groupware/app.yaml');
    throw new Error('config: invalid value for mail.quota ("unlimited" is not a number)');
  }, crashAfterMs);
}

// Database and outbound calls in the waterfall: a real app under the agent queries real PostgreSQL,
// MariaDB and Redis servers (started by deploy/databases/db.sh) and calls a local HTTP server with
// fetch; the spans are read back from the agent's Kafka topic. MongoDB is not tested: Debian has no
// server package for it and nothing here may download one (see deploy/databases/db.sh).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { attributesToRecord, int64ToBigInt } from '@podtrail/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DatabaseName, type DatabaseServer, startDatabase } from './testing/databases.js';
import {
  type DecodedSpan,
  ensureBuilt,
  get,
  readTopics,
  serverSpans,
  startApp,
  TcpProxy,
  uniqueTopics,
} from './testing/harness.js';

const brokers = (): string => inject('kafkaBrokers') ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';

/** values the app (fixtures/databases-app.mjs) writes into SQL text or sends as values */
const SECRETS = [
  'param-secret-alpha',
  'literal-secret-name',
  'literal.secret@example.com',
  'literal-secret-missing',
  'redis-secret-value',
  '987654321',
];
const REQUESTS = 2;
const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;
const STATUS_UNSET = 0;
const STATUS_ERROR = 2;

beforeAll(() => ensureBuilt());

interface RequestTrace {
  server: DecodedSpan;
  /** the spans of the request's trace other than its server span, by start time */
  clients: DecodedSpan[];
}

/** Runs the app with `env`, sends REQUESTS GETs to `path`, and returns each request's spans. */
async function traceRequests(
  path: string,
  env: Record<string, string>,
  clientsPerRequest: number,
): Promise<{ traces: RequestTrace[]; bodies: unknown[]; all: DecodedSpan[] }> {
  const topics = uniqueTopics(`db${path.replace(/\W/g, '')}`);
  const app = await startApp(
    'databases-app.mjs',
    {
      ...env,
      KAFKA_BROKERS: brokers(),
      PODTRAIL_SERVICE_NAME: 'db-app',
      PODTRAIL_TOPIC_SPANS: topics.spans,
      PODTRAIL_TOPIC_METRICS: topics.metrics,
      PODTRAIL_TOPIC_LIFECYCLE: topics.lifecycle,
      PODTRAIL_BATCH_DELAY_MS: '100',
    },
    30_000,
  );
  const bodies: unknown[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const r = await get(app.port, path);
    expect(r.status, r.body).toBe(200);
    bodies.push(JSON.parse(r.body));
  }
  app.child.kill('SIGTERM');
  await app.exited;

  const inRequests = (spans: DecodedSpan[]): DecodedSpan[] => {
    const traceIds = new Set(spans.filter((s) => s.span.kind === SPAN_KIND_SERVER).map((s) => s.traceId));
    return spans.filter((s) => s.span.kind !== SPAN_KIND_SERVER && traceIds.has(s.traceId));
  };
  const data = await readTopics(
    brokers(),
    { spans: topics.spans },
    (d) => serverSpans(d).length >= REQUESTS && inRequests(d.spans).length >= REQUESTS * clientsPerRequest,
  );
  const servers = serverSpans(data);
  expect(servers).toHaveLength(REQUESTS);
  const traces = servers.map((server) => ({
    server,
    clients: data.spans
      .filter((s) => s.traceId === server.traceId && s !== server)
      .sort((a, b) => Number(int64ToBigInt(a.span.startTimeUnixNano) - int64ToBigInt(b.span.startTimeUnixNano))),
  }));
  return { traces, bodies, all: data.spans };
}

/** every client span: CLIENT kind, child of the request's server span, inside it in time */
function expectNestedUnder({ server, clients }: RequestTrace): void {
  const start = int64ToBigInt(server.span.startTimeUnixNano);
  const end = int64ToBigInt(server.span.endTimeUnixNano);
  for (const c of clients) {
    expect(c.span.kind, c.span.name).toBe(SPAN_KIND_CLIENT);
    expect(c.traceId).toBe(server.traceId);
    expect(c.parentSpanId).toBe(server.spanId);
    expect(int64ToBigInt(c.span.startTimeUnixNano) >= start).toBe(true);
    expect(int64ToBigInt(c.span.endTimeUnixNano) <= end).toBe(true);
  }
}

/** name, attributes, status and exception message of a span, as one comparable value */
function shape(s: DecodedSpan): {
  name: string;
  attributes: Record<string, string>;
  status: number;
  statusMessage: string;
  exception: string | undefined;
} {
  const exception = s.span.events?.find((e) => e.name === 'exception');
  return {
    name: s.span.name,
    attributes: s.attributes,
    status: s.span.status?.code ?? STATUS_UNSET,
    statusMessage: s.span.status?.message ?? '',
    exception: exception ? attributesToRecord(exception.attributes)['exception.message'] : undefined,
  };
}

/** no literal value of the app's queries anywhere in what was exported (names, attributes, events, status) */
function expectNoSecrets(spans: DecodedSpan[]): void {
  const exported = JSON.stringify(
    spans.map((s) => ({
      name: s.span.name,
      attributes: s.attributes,
      status: s.span.status?.message,
      events: s.span.events?.map((e) => [e.name, attributesToRecord(e.attributes)]),
    })),
  );
  for (const secret of SECRETS) expect(exported).not.toContain(secret);
}

/** starts a server for a describe block; its tests skip (never under CI=true) when it cannot be had */
function useDatabase(name: DatabaseName): () => DatabaseServer {
  let server: DatabaseServer | undefined;
  beforeAll(() => {
    server = startDatabase(name);
  });
  afterAll(() => server?.stop());
  return () => server!;
}

describe('PostgreSQL (pg)', () => {
  const db = useDatabase('postgres');
  it('a request gives exactly its three query spans under its server span, statements sanitized, the failed one marked', async (ctx) => {
    if (db().skipReason) return ctx.skip(db().skipReason);
    const url = new URL(db().url!);
    const { traces, bodies, all } = await traceRequests('/pg', { PG_URL: url.href }, 3);
    expect(bodies).toEqual(
      Array(REQUESTS).fill({ rows: 1, error: 'relation "podtrail_missing_table" does not exist' }),
    );
    const base = {
      'db.system.name': 'postgresql',
      'db.namespace': url.pathname.slice(1),
      'server.address': url.hostname,
      'server.port': url.port,
    };
    for (const t of traces) {
      expect(t.clients).toHaveLength(3);
      expectNestedUnder(t);
      expect(t.clients.map(shape)).toEqual([
        {
          name: `pg.query:SELECT ${base['db.namespace']}`,
          attributes: { ...base, 'db.query.text': 'SELECT id, name FROM podtrail_items WHERE name = $1' },
          status: STATUS_UNSET,
          statusMessage: '',
          exception: undefined,
        },
        {
          name: `pg.query:INSERT ${base['db.namespace']}`,
          attributes: { ...base, 'db.query.text': 'INSERT INTO podtrail_items (id, name, email) VALUES (?, ?, ?)' },
          status: STATUS_UNSET,
          statusMessage: '',
          exception: undefined,
        },
        {
          name: `pg.query:SELECT ${base['db.namespace']}`,
          attributes: { ...base, 'db.query.text': 'SELECT name FROM podtrail_missing_table WHERE name = ?' },
          status: STATUS_ERROR,
          statusMessage: 'relation "podtrail_missing_table" does not exist',
          // the instrumentation keeps the server's message (which may quote values) out of the event
          exception: "PostgreSQL error of type 'error' occurred (code: 42P01)",
        },
      ]);
    }
    expectNoSecrets(all);
  }, 90_000);
});

describe('MariaDB (mysql2)', () => {
  const db = useDatabase('mariadb');
  it('a request gives exactly its three query spans under its server span, bound and literal values masked, the failed one marked', async (ctx) => {
    if (db().skipReason) return ctx.skip(db().skipReason);
    const url = new URL(db().url!);
    const database = url.pathname.slice(1);
    const { traces, bodies, all } = await traceRequests('/mysql', { MYSQL_URL: url.href }, 3);
    const missing = `Table '${database}.podtrail_missing_table' doesn't exist`;
    expect(bodies).toEqual(Array(REQUESTS).fill({ rows: 1, error: missing }));
    // mysql2 reports MariaDB as MySQL (one wire protocol)
    const base = {
      'db.system.name': 'mysql',
      'db.namespace': database,
      'server.address': url.hostname,
      'server.port': url.port,
    };
    for (const t of traces) {
      expect(t.clients).toHaveLength(3);
      expectNestedUnder(t);
      expect(t.clients.map(shape)).toEqual([
        {
          name: 'SELECT',
          // the instrumentation formats the bound value into the text; the agent masks it again
          attributes: { ...base, 'db.query.text': 'SELECT id, name FROM podtrail_items WHERE name = ?' },
          status: STATUS_UNSET,
          statusMessage: '',
          exception: undefined,
        },
        {
          name: 'INSERT',
          attributes: { ...base, 'db.query.text': 'INSERT INTO podtrail_items (id, name, email) VALUES (?, ?, ?)' },
          status: STATUS_UNSET,
          statusMessage: '',
          exception: undefined,
        },
        {
          name: 'SELECT',
          attributes: { ...base, 'db.query.text': 'SELECT name FROM podtrail_missing_table WHERE name = ?' },
          status: STATUS_ERROR,
          statusMessage: missing,
          exception: undefined,
        },
      ]);
    }
    expectNoSecrets(all);
  }, 90_000);
});

describe('Redis (ioredis)', () => {
  const db = useDatabase('redis');
  it('a request gives exactly its three command spans under its server span, values never serialized, the failed one marked', async (ctx) => {
    if (db().skipReason) return ctx.skip(db().skipReason);
    const url = new URL(db().url!);
    const { traces, bodies, all } = await traceRequests('/redis', { REDIS_URL: url.href }, 3);
    const notInteger = 'ERR value is not an integer or out of range';
    expect(bodies).toEqual(Array(REQUESTS).fill({ value: true, error: notInteger }));
    const base = { 'db.system.name': 'redis', 'server.address': url.hostname, 'server.port': url.port };
    for (const t of traces) {
      expect(t.clients).toHaveLength(3);
      expectNestedUnder(t);
      // The stock serializer keeps the command and its key, and counts the other arguments.
      expect(t.clients.map(shape)).toEqual([
        {
          name: 'set',
          attributes: {
            ...base,
            'db.operation.name': 'set',
            'db.query.text': 'set podtrail:test:key [1 other arguments]',
          },
          status: STATUS_UNSET,
          statusMessage: '',
          exception: undefined,
        },
        {
          name: 'get',
          attributes: { ...base, 'db.operation.name': 'get', 'db.query.text': 'get podtrail:test:key' },
          status: STATUS_UNSET,
          statusMessage: '',
          exception: undefined,
        },
        {
          name: 'incr',
          attributes: { ...base, 'db.operation.name': 'incr', 'db.query.text': 'incr podtrail:test:key' },
          status: STATUS_ERROR,
          statusMessage: notInteger,
          exception: notInteger,
        },
      ]);
    }
    expectNoSecrets(all);
  }, 90_000);
});

describe('outgoing fetch (undici)', () => {
  let downstream: http.Server;
  beforeAll(async () => {
    // not instrumented: only the app's CLIENT spans are in the trace
    downstream = http.createServer((req, res) => {
      res.statusCode = req.url === '/ok' ? 200 : 503;
      res.end(req.url === '/ok' ? 'ok' : 'unavailable');
    });
    await new Promise<void>((r) => downstream.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(() => new Promise<void>((r) => downstream.close(() => r())));

  it('a request gives exactly its three HTTP client spans under its server span; 5xx and a refused connection are errors', async () => {
    const port = String((downstream.address() as AddressInfo).port);
    const refused = String(await TcpProxy.freePort());
    const { traces, bodies } = await traceRequests(
      '/fetch',
      { DOWNSTREAM_URL: `http://127.0.0.1:${port}`, REFUSED_URL: `http://127.0.0.1:${refused}` },
      3,
    );
    expect(bodies).toEqual(Array(REQUESTS).fill({ ok: 200, unavailable: 503, error: 'fetch failed' }));
    const request = (p: string, to: string) => ({
      'http.request.method': 'GET',
      'http.request.method_original': 'GET',
      'url.full': `http://127.0.0.1:${to}${p}`,
      'url.path': p,
      'url.query': '',
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'server.port': to,
      'user_agent.original': 'node',
    });
    const connected = {
      'network.peer.address': '127.0.0.1',
      'network.peer.port': port,
      'network.protocol.version': '1.1',
    };
    for (const t of traces) {
      expect(t.clients).toHaveLength(3);
      expectNestedUnder(t);
      const [ok, unavailable, refusedCall] = t.clients.map(shape);
      expect(ok).toEqual({
        name: 'GET',
        attributes: { ...request('/ok', port), ...connected, 'http.response.status_code': '200' },
        status: STATUS_UNSET,
        statusMessage: '',
        exception: undefined,
      });
      expect(unavailable).toEqual({
        name: 'GET',
        attributes: {
          ...request('/unavailable', port),
          ...connected,
          'http.response.status_code': '503',
          'error.type': '503',
        },
        status: STATUS_ERROR,
        statusMessage: '',
        exception: undefined,
      });
      expect(refusedCall).toEqual({
        name: 'GET',
        attributes: { ...request('/nobody-listens', refused), 'error.type': 'ECONNREFUSED' },
        status: STATUS_ERROR,
        statusMessage: `connect ECONNREFUSED 127.0.0.1:${refused}`,
        exception: `connect ECONNREFUSED 127.0.0.1:${refused}`,
      });
    }
  }, 90_000);
});

import { encodeOtlp, LIFECYCLE_EVENTS, type OtlpKeyValue, type OtlpSpan } from '@podtrail/contracts';
import type { ServiceMapEdge, ServiceMapNode, ServiceMapResponse } from '@podtrail/contracts/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { count, waitFor } from '../testing/ingest-harness.js';
import { kv, lifecycleRequest, type PodSpec, podSpec, resourceAttrs } from '../testing/otlp-fixtures.js';
import { otlpOnlyApp } from '../testing/otlp-only-app.js';

/**
 * The service map of a scripted set of calls, written through the real ingest path (the OTLP/HTTP
 * receiver of the collector app on embedded chDB). All times are inside [from, to):
 *
 * - frontend (pod f1) serves 12 transactions; transaction i lasts 100 + 50 i ms and calls cart
 *   once (client span of 25 + 10 i ms); calls i = 3 and 7 fail (client status Error, cart answers
 *   500, frontend 502). Frontend T = 500 ms (default): satisfied i = 0..8 minus the 2 failed = 7,
 *   tolerating i = 9..11 = 3, frustrated 2.
 * - cart serves those 12 calls, 20 + 10 i ms each: i < 6 on pod cart-1, which then STOPS (ended in
 *   the window), i >= 6 on pod cart-2. Cart T = 50 ms (config): satisfied 20..50 ms minus failed
 *   i = 3 -> 3, tolerating 7, frustrated 2 (i = 3, 7).
 * - cart -> postgres (db.system.name, server.address pg-main): 3 queries in each of its
 *   transactions i < 6, 2 in the others: 30; the first one fails.
 * - frontend -> redis (legacy db.system, server.address cache:6379): 4 queries, in transactions 0..3.
 * - frontend -> payments.example.com:443 (no server span in the store): 5 POSTs, in transactions
 *   0..4; the one in transaction 4 fails.
 * - frontend -> sqlite (db.system.name, neither address nor namespace): 1 query, id `db:sqlite`.
 * - frontend: 1 client span with neither a server span, a database nor an address: no edge.
 * - a client span of frontend before the window, whose cart side is in the window: not counted.
 */
const collector = otlpOnlyApp({
  storePrefix: 'podtrail-service-map-',
  config: { api: { apdexThresholdMsByService: { cart: 50 } } },
});
const cfg = collector.config;

const MIN = 60_000;
const now = Date.now();
const from = now - 30 * MIN;
const to = now;
const base = from + 5 * MIN;

const frontend = podSpec('frontend', 1);
const cart1 = podSpec('cart', 1);
const cart2 = podSpec('cart', 2);

let ids = 0;
function id(bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  b.writeUInt32BE(++ids, bytes - 4);
  b.writeUInt8(0x5a, 0);
  return b;
}
const nsOf = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

function span(
  traceId: Buffer,
  parent: Uint8Array | undefined,
  kind: number,
  name: string,
  startMs: number,
  durMs: number,
  attributes: OtlpKeyValue[],
  error = false,
): OtlpSpan {
  return {
    traceId,
    spanId: id(8),
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind,
    startTimeUnixNano: nsOf(startMs),
    endTimeUnixNano: nsOf(startMs + durMs),
    attributes,
    status: { code: error ? 2 : 0, message: '' },
  };
}

const SERVER = 2;
const CLIENT = 3;
const httpServer = (method: string, route: string, status: number) => [
  kv('http.request.method', method),
  kv('http.route', route),
  kv('http.response.status_code', status),
];
const httpClient = (method: string, host: string, port: number, status: number) => [
  kv('http.request.method', method),
  kv('server.address', host),
  kv('server.port', port),
  kv('url.full', `http://${host}:${port}/`),
  kv('http.response.status_code', status),
];

async function post(pod: PodSpec, spans: OtlpSpan[]): Promise<void> {
  const body = Buffer.from(
    encodeOtlp('traces', {
      resourceSpans: [{ resource: { attributes: resourceAttrs(pod) }, scopeSpans: [{ scope: { name: 't' }, spans }] }],
    }),
  );
  const res = await collector.app.inject({
    method: 'POST',
    url: '/v1/traces',
    headers: { 'content-type': 'application/x-protobuf' },
    payload: body,
  });
  expect(res.statusCode).toBe(200);
}

async function postLifecycle(pod: PodSpec, event: string, tsMs: number): Promise<void> {
  const res = await collector.app.inject({
    method: 'POST',
    url: '/v1/logs',
    headers: { 'content-type': 'application/x-protobuf' },
    payload: Buffer.from(encodeOtlp('logs', lifecycleRequest(pod, event, tsMs))),
  });
  expect(res.statusCode).toBe(200);
}

const frontendTxMs: number[] = [];
const cartTxMs: number[] = [];
const cartCallMs: number[] = [];
const pgMs: number[] = [];
const redisMs: number[] = [];
const paymentsMs: number[] = [];
let spansPosted = 0;

beforeAll(async () => {
  await postLifecycle(cart1, LIFECYCLE_EVENTS.started, base - MIN);
  await postLifecycle(cart2, LIFECYCLE_EVENTS.started, base - MIN);
  await postLifecycle(frontend, LIFECYCLE_EVENTS.started, base - MIN);
  const fSpans: OtlpSpan[] = [];
  const c1Spans: OtlpSpan[] = [];
  const c2Spans: OtlpSpan[] = [];
  for (let i = 0; i < 12; i++) {
    const failed = i === 3 || i === 7;
    const t0 = base + i * 10_000;
    const trace = id(16);
    const txMs = 100 + 50 * i;
    const tx = span(trace, undefined, SERVER, 'GET /shop', t0, txMs, httpServer('GET', '/shop', failed ? 502 : 200));
    frontendTxMs.push(txMs);
    const callMs = 25 + 10 * i;
    const call = span(
      trace,
      tx.spanId,
      CLIENT,
      'GET',
      t0 + 1,
      callMs,
      httpClient('GET', 'cart', 8080, failed ? 500 : 200),
      failed,
    );
    cartCallMs.push(callMs);
    fSpans.push(tx, call);
    const cartMs = 20 + 10 * i;
    const cartTx = span(
      trace,
      call.spanId,
      SERVER,
      'GET /cart',
      t0 + 3,
      cartMs,
      httpServer('GET', '/cart', failed ? 500 : 200),
    );
    cartTxMs.push(cartMs);
    const cartSpans = i < 6 ? c1Spans : c2Spans;
    cartSpans.push(cartTx);
    for (let q = 0; q < (i < 6 ? 3 : 2); q++) {
      const qMs = 2 + q + i;
      pgMs.push(qMs);
      cartSpans.push(
        span(
          trace,
          cartTx.spanId,
          CLIENT,
          'SELECT orders',
          t0 + 4 + q,
          qMs,
          [
            kv('db.system.name', 'postgresql'),
            kv('db.namespace', 'orders'),
            kv('server.address', 'pg-main'),
            kv('server.port', 5432),
          ],
          i === 0 && q === 0,
        ),
      );
    }
    if (i < 4) {
      const rMs = 1 + i;
      redisMs.push(rMs);
      fSpans.push(
        span(trace, tx.spanId, CLIENT, 'GET', t0 + 2, rMs, [
          kv('db.system', 'redis'),
          kv('server.address', 'cache'),
          kv('server.port', 6379),
        ]),
      );
    }
    if (i < 5) {
      const pMs = 40 + 20 * i;
      paymentsMs.push(pMs);
      fSpans.push(
        span(
          trace,
          tx.spanId,
          CLIENT,
          'POST',
          t0 + 30,
          pMs,
          httpClient('POST', 'payments.example.com', 443, i === 4 ? 503 : 201),
          i === 4,
        ),
      );
    }
    if (i === 0) {
      fSpans.push(span(trace, tx.spanId, CLIENT, 'mystery', t0 + 2, 1, []));
      fSpans.push(span(trace, tx.spanId, CLIENT, 'SELECT', t0 + 3, 2, [kv('db.system.name', 'sqlite')]));
    }
  }
  // before the window: a frontend call whose cart side starts inside it
  const early = id(16);
  const earlyCall = span(early, undefined, CLIENT, 'GET', from - 2000, 3000, httpClient('GET', 'cart', 8080, 200));
  fSpans.push(earlyCall);
  c2Spans.push(span(early, earlyCall.spanId, SERVER, 'GET /cart', from + 100, 500, httpServer('GET', '/cart', 200)));

  await post(frontend, fSpans);
  await post(cart1, c1Spans);
  await post(cart2, c2Spans);
  spansPosted = fSpans.length + c1Spans.length + c2Spans.length;
  await postLifecycle(cart1, LIFECYCLE_EVENTS.stopped, base + 5 * MIN);
  await waitFor(
    async () =>
      (await collector.app.ch.reader
        .query({
          query: `SELECT State FROM ${cfg.database}.pods FINAL WHERE PodName = {p:String}`,
          query_params: { p: cart1.podName },
          format: 'JSONEachRow',
        })
        .then((r) => r.json())) as { State: string }[],
    (rows) => rows[0]?.State === 'stopped',
  );
});

/** Exact interpolated quantile (what ClickHouse's `quantile` family gives below 8192 values). */
function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const x = 0.95 * (s.length - 1);
  const lo = Math.floor(x);
  return s[lo]! + (x - lo) * ((s[lo + 1] ?? s[lo]!) - s[lo]!);
}

async function getMap(query: string): Promise<ServiceMapResponse> {
  const res = await collector.app.inject({ method: 'GET', url: `/api/v1/service-map?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ServiceMapResponse;
}

describe('GET /service-map', () => {
  it('returns exactly the nodes and edges of the scripted calls, ended pods included', async () => {
    expect(await count(collector.app, 'spans')).toBe(spansPosted);
    const map = await getMap(`from=${from}&to=${to}`);
    const windowSeconds = (to - from) / 1000;
    expect(map.windowSeconds).toBe(windowSeconds);
    expect(map.capped).toBe(false);
    expect(map.totalNodes).toBe(6);

    const byId = new Map(map.nodes.map((n) => [n.id, n]));
    const nodeFigures = (n: ServiceMapNode | undefined) => n && { ...n, p95Ms: undefined };
    expect(map.nodes.map((n) => n.id)).toEqual([
      'db:postgresql:pg-main',
      'db:redis:cache',
      'db:sqlite',
      'ext:payments.example.com:443',
      'svc:cart',
      'svc:frontend',
    ]);
    expect(nodeFigures(byId.get('svc:frontend'))).toEqual({
      id: 'svc:frontend',
      kind: 'service',
      name: 'frontend',
      requests: 12,
      errors: 2,
      p95Ms: undefined,
      apdexThresholdMs: 500,
      apdex: { satisfied: 7, tolerating: 3, frustrated: 2, score: (7 + 1.5) / 12 },
      apdexClass: 'tolerating',
    });
    // 12 on cart-1 (ended in the window) and cart-2 plus the early call's server side
    expect(nodeFigures(byId.get('svc:cart'))).toEqual({
      id: 'svc:cart',
      kind: 'service',
      name: 'cart',
      requests: 13,
      errors: 2,
      p95Ms: undefined,
      apdexThresholdMs: 50,
      apdex: { satisfied: 3, tolerating: 7, frustrated: 3, score: (3 + 3.5) / 13 },
      apdexClass: 'tolerating',
    });
    expect(nodeFigures(byId.get('db:postgresql:pg-main'))).toEqual({
      id: 'db:postgresql:pg-main',
      kind: 'database',
      name: 'pg-main',
      dbSystem: 'postgresql',
      requests: 30,
      errors: 1,
      p95Ms: undefined,
      apdexClass: 'none',
    });
    expect(nodeFigures(byId.get('db:redis:cache'))).toEqual({
      id: 'db:redis:cache',
      kind: 'database',
      name: 'cache',
      dbSystem: 'redis',
      requests: 4,
      errors: 0,
      p95Ms: undefined,
      apdexClass: 'none',
    });
    expect(byId.get('db:sqlite')).toEqual({
      id: 'db:sqlite',
      kind: 'database',
      name: 'sqlite',
      dbSystem: 'sqlite',
      requests: 1,
      errors: 0,
      p95Ms: 2,
      apdexClass: 'none',
    });
    expect(nodeFigures(byId.get('ext:payments.example.com:443'))).toEqual({
      id: 'ext:payments.example.com:443',
      kind: 'external',
      name: 'payments.example.com:443',
      requests: 5,
      errors: 1,
      p95Ms: undefined,
      apdexClass: 'none',
    });
    expect(byId.get('svc:frontend')!.p95Ms).toBeCloseTo(p95(frontendTxMs), 6);
    expect(byId.get('svc:cart')!.p95Ms).toBeCloseTo(p95([...cartTxMs, 500]), 6);
    expect(byId.get('db:postgresql:pg-main')!.p95Ms).toBeCloseTo(p95(pgMs), 6);
    expect(byId.get('db:redis:cache')!.p95Ms).toBeCloseTo(p95(redisMs), 6);
    expect(byId.get('ext:payments.example.com:443')!.p95Ms).toBeCloseTo(p95(paymentsMs), 6);

    const edge = (source: string, target: string, kind: ServiceMapEdge['kind'], calls: number, errors: number) => ({
      source,
      target,
      kind,
      calls,
      errors,
      ratePerSec: calls / windowSeconds,
      errorRate: errors / calls,
    });
    expect(map.edges.map(({ p95Ms: _, ...e }) => e)).toEqual([
      edge('svc:cart', 'db:postgresql:pg-main', 'db', 30, 1),
      edge('svc:frontend', 'db:redis:cache', 'db', 4, 0),
      edge('svc:frontend', 'db:sqlite', 'db', 1, 0),
      edge('svc:frontend', 'ext:payments.example.com:443', 'http', 5, 1),
      edge('svc:frontend', 'svc:cart', 'http', 12, 2),
    ]);
    const p = new Map(map.edges.map((e) => [`${e.source}>${e.target}`, e.p95Ms]));
    expect(p.get('svc:frontend>svc:cart')).toBeCloseTo(p95(cartCallMs), 6);
    expect(p.get('svc:cart>db:postgresql:pg-main')).toBeCloseTo(p95(pgMs), 6);
    expect(p.get('svc:frontend>ext:payments.example.com:443')).toBeCloseTo(p95(paymentsMs), 6);
    // within the data: between the 12 calls' 11th and 12th durations
    expect(p.get('svc:frontend>svc:cart')).toBeGreaterThanOrEqual(125);
    expect(p.get('svc:frontend>svc:cart')).toBeLessThanOrEqual(135);
  });

  it('filters by namespace and answers an empty map outside the data', async () => {
    const other = await getMap(`from=${from}&to=${to}&namespace=elsewhere`);
    expect(other.nodes).toEqual([]);
    expect(other.edges).toEqual([]);
    const shop = await getMap(`from=${from}&to=${to}&namespace=shop`);
    expect(shop.nodes.length).toBe(6);
    const before = await getMap(`from=${from - 60 * MIN}&to=${from - 30 * MIN}`);
    expect(before).toMatchObject({ nodes: [], edges: [], totalNodes: 0, capped: false });
  });

  it('refuses a bad window', async () => {
    const res = await collector.app.inject({ method: 'GET', url: `/api/v1/service-map?from=${to}&to=${from}` });
    expect(res.statusCode).toBe(400);
  });
});

import type {
  CompareResponse,
  EventsResponse,
  HeatmapResponse,
  PodsResponse,
  PostMortemResponse,
  ServicesResponse,
  SpansResponse,
  TraceResponse,
  TransactionsResponse,
  VelocityResponse,
  WorkloadHistoryResponse,
} from '@podtrail/contracts/api';
import { bucketOfNs, MAX_RELATIVE_ERROR } from '@podtrail/contracts/rules';
import { METRICS } from '@podtrail/contracts/semconv';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChHandle } from '../store/query.js';
import { type ClickHouseTarget, clickhouseTarget } from '../testing/clickhouse-target.js';
import { type Fixture, HOUR, MIN, seedFixture } from '../testing/query-fixture.js';
import { buildQueryApp, closeQueryTest, openTarget } from '../testing/query-harness.js';

const READ = 'read-token-for-tests-0001';
const ADMIN = 'admin-token-for-tests-0001';

let target: ClickHouseTarget | undefined;
let ch: ChHandle;
let app: FastifyInstance;
let fx: Fixture;

beforeAll(async () => {
  target = clickhouseTarget('podtrail-routes-');
  ch = await openTarget(target);
  fx = await seedFixture(ch);
  app = await buildQueryApp({
    ch,
    config: {
      staticTokens: [
        { role: 'read', token: READ },
        { role: 'admin', token: ADMIN },
      ],
      apdexThresholdMs: 500,
      apdexThresholdMsByService: { cart: 300 },
      rateLimitPerMin: 0,
    },
    live: false,
  });
});

afterAll(() => closeQueryTest({ app, ch, target }));

async function get<T>(url: string, token = READ): Promise<T> {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  if (res.statusCode !== 200) throw new Error(`${url} -> ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

function qs(o: Record<string, string | number | boolean>): string {
  return new URLSearchParams(Object.entries(o).map(([k, v]): [string, string] => [k, String(v)])).toString();
}

/** Exact order statistic at rank ceil(q*n). */
function exactQuantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil(q * s.length)) - 1]!;
}

function expectWithinHistogramError(estimate: number | null, exact: number) {
  expect(estimate).not.toBeNull();
  const ratio = estimate! / exact;
  expect(ratio).toBeGreaterThanOrEqual(1 / (1 + MAX_RELATIVE_ERROR) - 1e-9);
  expect(ratio).toBeLessThanOrEqual(1 + MAX_RELATIVE_ERROR + 1e-9);
}

describe('velocity', () => {
  it('per pod: counts, errors, TPS, latency, exact Apdex, ended pods included', async () => {
    const r = await get<VelocityResponse>(`/api/v1/velocity?${qs({ from: fx.base, to: fx.now })}`);
    expect(r.apdexSource).toBe('spans');
    const by = Object.fromEntries(r.rows.map((x) => [x.key, x]));
    expect(Object.keys(by).sort()).toEqual(['shop/cart-ccc33', 'shop/checkout-aaa11', 'shop/checkout-bbb22']);

    const a = by['shop/checkout-aaa11']!;
    expect(a.count).toBe(200);
    expect(a.errors).toBe(10);
    expect(a.tps).toBeCloseTo(200 / r.windowSeconds, 10);
    expect(a.avgMs).toBeCloseTo(502.5, 6);
    expect(a.minMs).toBe(5);
    expect(a.maxMs).toBe(1000);
    expectWithinHistogramError(a.p50Ms, exactQuantile(fx.aDurationsMs, 0.5));
    expectWithinHistogramError(a.p95Ms, exactQuantile(fx.aDurationsMs, 0.95));
    expectWithinHistogramError(a.p99Ms, exactQuantile(fx.aDurationsMs, 0.99));
    expect(a.apdexThresholdMs).toBe(500);
    expect(a.apdex).toEqual({ satisfied: 95, tolerating: 95, frustrated: 10, score: (95 + 95 / 2) / 200 });
    expect(a.apdexClass).toBe('tolerating');
    expect(a.state).toBe('running');
    expect(a.instanceCount).toBe(1);

    const b = by['shop/checkout-bbb22']!;
    expect(b.count).toBe(50);
    expect(b.errors).toBe(0);
    expect(b.state).toBe('killed');
    expect(b.endedAt).toBe(new Date(fx.endedB).toISOString());
    expect(b.endReason).toBe('heartbeats stopped (3 missed)');
    expect(b.apdex).toEqual({ satisfied: 0, tolerating: 0, frustrated: 50, score: 0 });
    expect(b.apdexClass).toBe('frustrating');
    expect(b.p50Ms).toBe(3000); // single bucket, clamped to the observed min = max

    const c = by['shop/cart-ccc33']!;
    expect(c.count).toBe(70);
    expect(c.errors).toBe(2);
    expect(c.apdexThresholdMs).toBe(300);
    expect(c.apdex.satisfied).toBe(28);
    expect(c.apdex.tolerating).toBe(30);
    expect(c.apdex.frustrated).toBe(12);
    expect(c.instanceCount).toBe(2);
  });

  it('a pod that ended an hour ago appears for a window covering its life only', async () => {
    const r = await get<VelocityResponse>(
      `/api/v1/velocity?${qs({ from: fx.base + 85 * MIN, to: fx.base + 95 * MIN, includeIdle: false })}`,
    );
    expect(r.rows.map((x) => [x.podName, x.count, x.state])).toEqual([['checkout-bbb22', 50, 'killed']]);
  });

  it('groups by workload and service and filters', async () => {
    const w = await get<VelocityResponse>(`/api/v1/velocity?${qs({ from: fx.base, to: fx.now, groupBy: 'workload' })}`);
    const byW = Object.fromEntries(w.rows.map((x) => [x.key, x]));
    expect(byW['shop/checkout']!.count).toBe(250);
    expect(byW['shop/checkout']!.podCount).toBe(2);
    expect(byW['shop/checkout']!.state).toBe('running');
    expect(byW['shop/checkout']!.apdex.frustrated).toBe(60);
    expect(byW['shop/cart']!.count).toBe(70);
    const s = await get<VelocityResponse>(
      `/api/v1/velocity?${qs({ from: fx.base, to: fx.now, groupBy: 'service', service: 'cart' })}`,
    );
    expect(s.rows.map((x) => [x.key, x.count])).toEqual([['cart', 70]]);
    const route = await get<VelocityResponse>(`/api/v1/velocity?${qs({ from: fx.base, to: fx.now, route: '/buy' })}`);
    expect(route.rows.map((x) => [x.podName, x.count, x.errors])).toEqual([['checkout-aaa11', 100, 10]]);
  });

  it('windows longer than 6 h estimate Apdex from the histogram', async () => {
    const r = await get<VelocityResponse>(`/api/v1/velocity?${qs({ from: fx.now - 8 * HOUR, to: fx.now })}`);
    expect(r.apdexSource).toBe('histogram');
    const b = r.rows.find((x) => x.podName === 'checkout-bbb22')!;
    expect(b.apdex).toEqual({ satisfied: 0, tolerating: 0, frustrated: 50, score: 0 });
    const a = r.rows.find((x) => x.podName === 'checkout-aaa11')!;
    expect(a.apdex.satisfied + a.apdex.tolerating + a.apdex.frustrated).toBe(200);
    expect(a.apdex.frustrated).toBe(10);
  });
});

describe('heatmap and selection', () => {
  it('counts every transaction once in the right latency row', async () => {
    const r = await get<HeatmapResponse>(`/api/v1/heatmap?${qs({ from: fx.base, to: fx.now })}`);
    expect(r.total).toBe(320);
    expect(r.errors).toBe(12);
    expect(r.cells.reduce((s, c) => s + c[2], 0)).toBe(320);
    expect(r.columns).toBeLessThanOrEqual(300);
    expect(r.stepMs).toBe(60_000); // 3 h / 300 columns -> 36 s -> next nice step 60 s
    expect(r.latencyBoundsMs.length).toBe(Math.max(...r.cells.map((c) => c[1])) + 2);
    // the 3000 ms transactions: one row, bucket of 3e9 ns
    const row3000 = bucketOfNs(3e9) - r.minBucket;
    expect(r.cells.filter((c) => c[1] === row3000).reduce((s, c) => s + c[2], 0)).toBe(50);
    expect(r.latencyBoundsMs[row3000]!).toBeLessThanOrEqual(3000);
    expect(r.latencyBoundsMs[row3000 + 1]!).toBeGreaterThan(3000);
  });

  it('a pod that ended an hour ago is in the heatmap', async () => {
    const r = await get<HeatmapResponse>(
      `/api/v1/heatmap?${qs({ from: fx.base, to: fx.now, pod: 'checkout-bbb22', cols: 10 })}`,
    );
    expect(r.total).toBe(50);
    expect(r.columns).toBeLessThanOrEqual(10);
  });

  it('the selection of a heatmap rectangle returns exactly the cells counted', async () => {
    const h = await get<HeatmapResponse>(`/api/v1/heatmap?${qs({ from: fx.base, to: fx.now })}`);
    // columns 30..32 (base+30..33 min), rows of the checkout transactions up to 100 ms
    const c0 = (fx.base + 30 * MIN - h.fromMs) / h.stepMs;
    const rowMax = bucketOfNs(100e6) - h.minBucket;
    const expected = h.cells.filter((c) => c[0] >= c0 && c[0] < c0 + 3 && c[1] <= rowMax).reduce((s, c) => s + c[2], 0);
    expect(expected).toBeGreaterThan(0);
    const sel = await get<TransactionsResponse>(
      `/api/v1/transactions?${qs({
        from: h.fromMs + c0 * h.stepMs,
        to: h.fromMs + (c0 + 3) * h.stepMs,
        minBucket: h.minBucket,
        maxBucket: h.minBucket + rowMax,
        limit: 1000,
      })}`,
    );
    expect(sel.total).toBe(expected);
    expect(sel.rows.length).toBe(expected);
  });

  it('selection: latency rectangle, paging, sorting, errors first', async () => {
    const base = { from: fx.base + 30 * MIN, to: fx.base + 30 * MIN + 200_000, minMs: 100, maxMs: 200 };
    // durations (i+1)*5 in [100, 200): i = 19..38 -> 20 transactions, errors at i = 20
    const all = await get<TransactionsResponse>(`/api/v1/transactions?${qs({ ...base, limit: 100 })}`);
    expect(all.total).toBe(20);
    expect(all.rows.map((r) => r.durationMs)).toEqual(Array.from({ length: 20 }, (_, k) => 195 - k * 5));
    const page = await get<TransactionsResponse>(
      `/api/v1/transactions?${qs({ ...base, sort: 'duration', order: 'asc', limit: 5, offset: 5 })}`,
    );
    expect(page.total).toBe(20);
    expect(page.rows.map((r) => r.durationMs)).toEqual([125, 130, 135, 140, 145]);
    const ef = await get<TransactionsResponse>(
      `/api/v1/transactions?${qs({ ...base, sort: 'time', order: 'asc', errorsFirst: true, limit: 3 })}`,
    );
    expect(ef.rows[0]!.error).toBe(true);
    expect(ef.rows[0]!.statusCode).toBe(500);
    expect(ef.rows[0]!.durationMs).toBe(105);
    expect(ef.rows[1]!.durationMs).toBe(100);
    const eo = await get<TransactionsResponse>(`/api/v1/transactions?${qs({ ...base, errorsOnly: true })}`);
    expect(eo.total).toBe(1);
    const t = all.rows[0]!;
    expect(t.podName).toBe('checkout-aaa11');
    expect(t.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(Date.parse(t.endTime) - Date.parse(t.startTime)).toBe(195);
  });
});

describe('traces and spans', () => {
  it('returns a trace across two services with parent ids intact', async () => {
    const t = await get<TraceResponse>(`/api/v1/traces/${fx.trace1.toUpperCase()}`);
    expect(t.traceId).toBe(fx.trace1);
    expect(t.spans.length).toBe(3);
    const root = t.spans.find((s) => s.parentSpanId === '')!;
    const client = t.spans.find((s) => s.parentSpanId === root.spanId)!;
    const cart = t.spans.find((s) => s.parentSpanId === client.spanId)!;
    expect(root.serviceName).toBe('checkout');
    expect(client.kind).toBe('Client');
    expect(cart.serviceName).toBe('cart');
    expect(cart.statusCode).toBe('Error');
    expect(root.attributes['user.id']).toBe('u0');
    expect(root.httpStatusCode).toBe(500);
    // full resource: the instance's (instances.ResourceAttributes), overlaid by the span's own keys
    expect(root.resourceAttributes).toEqual({
      ...fx.resourceA1,
      'deployment.environment': 'canary',
      team: 'payments',
    });
    expect(client.resourceAttributes).toEqual(fx.resourceA1);
    expect(cart.resourceAttributes).toEqual(fx.resourceC1);
  });

  it('404 for an unknown trace', async () => {
    const res = await app.inject({
      url: `/api/v1/traces/${'f'.repeat(32)}`,
      headers: { authorization: `Bearer ${READ}` },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('APM_ERR_API_NOT_FOUND');
  });

  it('searches spans by attribute, name and duration', async () => {
    const byAttr = await get<SpansResponse>(
      `/api/v1/spans?${qs({ from: fx.base, to: fx.now, attrKey: 'user.id', attrValue: 'u7' })}`,
    );
    expect(byAttr.rows.map((s) => s.durationMs)).toEqual([40]);
    expect(byAttr.rows[0]?.resourceAttributes).toEqual(fx.resourceA1);
    const root = await get<SpansResponse>(
      `/api/v1/spans?${qs({ from: fx.base, to: fx.now, traceId: fx.trace1, transactionsOnly: true })}`,
    );
    expect(Object.fromEntries(root.rows.map((s) => [s.serviceName, s.resourceAttributes]))).toEqual({
      checkout: { ...fx.resourceA1, 'deployment.environment': 'canary', team: 'payments' },
      cart: fx.resourceC1,
    });
    // spans of an instance without a stored resource (b1) keep their own attributes
    const b = await get<SpansResponse>(
      `/api/v1/spans?${qs({ from: fx.base, to: fx.now, pod: 'checkout-bbb22', limit: 1 })}`,
    );
    expect(b.rows.map((s) => s.resourceAttributes)).toEqual([{}]);
    const byName = await get<SpansResponse>(
      `/api/v1/spans?${qs({ from: fx.base, to: fx.now, name: 'get CART', limit: 1000 })}`,
    );
    expect(byName.rows.length).toBe(200); // the client spans "GET cart"; "GET /cart" does not contain it
  });
});

describe('pods, post-mortem, history, events, compare, services', () => {
  it('lists live and ended pods with filters and escaped partial-name search', async () => {
    const all = await get<PodsResponse>(`/api/v1/pods?${qs({ from: fx.base, to: fx.now })}`);
    expect(all.total).toBe(3);
    const byName = Object.fromEntries(all.pods.map((p) => [p.podName, p]));
    expect(byName['checkout-aaa11']!.state).toBe('running');
    expect(byName['checkout-bbb22']!.state).toBe('killed');
    expect(byName['checkout-bbb22']!.endedAt).toBe(new Date(fx.endedB).toISOString());
    expect(byName['cart-ccc33']!.restartCount).toBe(1);
    expect(byName['cart-ccc33']!.instanceCount).toBe(2);
    const ended = await get<PodsResponse>(`/api/v1/pods?${qs({ from: fx.base, to: fx.now, state: 'ended' })}`);
    expect(ended.pods.map((p) => p.podName)).toEqual(['checkout-bbb22']);
    const q = await get<PodsResponse>(`/api/v1/pods?${qs({ from: fx.base, to: fx.now, q: 'BBB' })}`);
    expect(q.pods.map((p) => p.podName)).toEqual(['checkout-bbb22']);
    for (const wild of ['%', '_', 'checkout_', '%bbb', '\\']) {
      const r = await get<PodsResponse>(`/api/v1/pods?${qs({ from: fx.base, to: fx.now, q: wild })}`);
      expect(r.pods).toEqual([]);
    }
    const wl = await get<PodsResponse>(`/api/v1/pods?${qs({ from: fx.base, to: fx.now, workload: 'cart' })}`);
    expect(wl.pods.map((p) => p.podName)).toEqual(['cart-ccc33']);
    // the killed pod is outside a window that starts after it ended
    const later = await get<PodsResponse>(`/api/v1/pods?${qs({ from: fx.endedB + MIN, to: fx.now })}`);
    expect(later.pods.map((p) => p.podName).sort()).toEqual(['cart-ccc33', 'checkout-aaa11']);
  });

  it('post-mortem of a pod killed an hour ago', async () => {
    const pm = await get<PostMortemResponse>('/api/v1/pods/shop/checkout-bbb22');
    expect(pm.pod.state).toBe('killed');
    expect(pm.instances.map((i) => [i.instanceId, i.state, i.endReason])).toEqual([
      ['b1', 'killed', 'heartbeats stopped (3 missed)'],
    ]);
    expect(pm.totals).toEqual({ count: 50, errors: 0 });
    expect(pm.slowest.length).toBe(10);
    expect(pm.slowest.every((t) => t.durationMs === 3000)).toBe(true);
    expect(pm.failed).toEqual([]);
    expect(pm.lastMetrics).toEqual([
      {
        name: METRICS.processMemoryUsage,
        value: 200,
        unit: 'By',
        timestamp: new Date(fx.endedB - 10_000).toISOString(),
        instanceId: 'b1',
      },
    ]);
    expect(pm.timeline.map((t) => t.transition)).toEqual(['started', 'killed']);
    // SIGKILL leaves no stop event: the last log lines come from the stored log records
    expect(pm.instances[0]!.lastLogs).toEqual(['GET /view 200', 'about to die']);
    expect(pm.instances[0]!.exception).toBeNull();
    expect(pm.lastTransactions.length).toBe(20);
    expect(pm.lastTransactions[0]!.endTime).toBe(new Date(fx.base + 90 * MIN + 49_500).toISOString());
  });

  it('post-mortem of a crashed-and-restarted pod: exception, last logs, in-flight', async () => {
    const pm = await get<PostMortemResponse>('/api/v1/pods/shop/cart-ccc33');
    expect(pm.instances.map((i) => [i.instanceId, i.state])).toEqual([
      ['c1', 'crashed'],
      ['c2', 'running'],
    ]);
    const c1 = pm.instances[0]!;
    expect(c1.exception).toEqual({
      type: 'TypeError',
      message: 'boom',
      stacktrace: 'TypeError: boom\n    at handler (/app/cart.js:10:5)',
    });
    expect(c1.lastLogs).toEqual(['line 1', 'line 2']);
    expect(c1.inFlight.map((f) => [f.route, f.method])).toEqual([['/cart', 'POST']]);
    expect(pm.timeline.map((t) => t.transition)).toEqual(['started', 'crashed', 'restarted']);
    expect(pm.failed.length).toBe(2);
    expect(pm.totals).toEqual({ count: 70, errors: 2 });
    expect(pm.slowest[0]!.durationMs).toBe(1500);
  });

  it('404 for an unknown pod', async () => {
    const res = await app.inject({ url: '/api/v1/pods/shop/nope', headers: { authorization: `Bearer ${READ}` } });
    expect(res.statusCode).toBe(404);
  });

  it('workload history: replicas, ends, restarts with reasons', async () => {
    const cart = await get<WorkloadHistoryResponse>(
      `/api/v1/workloads/shop/cart/history?${qs({ from: fx.base, to: fx.now, step: 60 })}`,
    );
    expect(cart.restartCount).toBe(1);
    expect(cart.restarts).toEqual([
      { ts: new Date(fx.restartC2).toISOString(), podName: 'cart-ccc33', instanceId: 'c2', reason: 'crash' },
    ]);
    expect(cart.restartsByPod).toEqual([{ podName: 'cart-ccc33', restarts: 1 }]);
    expect(cart.ends.map((e) => [e.instanceId, e.state, e.reason])).toEqual([
      ['c1', 'crashed', 'uncaught exception: TypeError: boom'],
    ]);
    const at = (ms: number) => cart.replicas.find((r) => r.ts === new Date(ms).toISOString())?.running;
    expect(at(fx.base + 10 * MIN)).toBe(0);
    expect(at(fx.base + 30 * MIN)).toBe(1);
    expect(at(fx.crashC1)).toBe(0);
    expect(at(fx.restartC2)).toBe(1);
    const checkout = await get<WorkloadHistoryResponse>(
      `/api/v1/workloads/shop/checkout/history?${qs({ from: fx.base, to: fx.now, step: 60 })}`,
    );
    expect(checkout.peakReplicas).toBe(2);
    expect(checkout.restartCount).toBe(0);
    expect(checkout.ends.map((e) => [e.podName, e.state])).toEqual([['checkout-bbb22', 'killed']]);
    const after = checkout.replicas.find((r) => Date.parse(r.ts) > fx.endedB)!;
    expect(after.running).toBe(1);
  });

  it('events feed, newest first, filtered', async () => {
    const all = await get<EventsResponse>(`/api/v1/events?${qs({ from: fx.base, to: fx.now })}`);
    expect(all.events.length).toBe(6);
    expect(all.events[0]!.transition).toBe('killed');
    const cart = await get<EventsResponse>(`/api/v1/events?${qs({ from: fx.base, to: fx.now, workload: 'cart' })}`);
    expect(cart.events.map((e) => e.transition)).toEqual(['restarted', 'crashed', 'started']);
  });

  it('compares two windows', async () => {
    const s = fx.base + 30 * MIN;
    const r = await get<CompareResponse>(
      `/api/v1/compare?${qs({ aFrom: s, aTo: s + 100_000, bFrom: s + 100_000, bTo: s + 200_000, service: 'checkout' })}`,
    );
    // a: i = 0..99 (5..500 ms, errors at 0,20,40,60,80); b: i = 100..199 (505..1000 ms, 5 errors)
    expect(r.a.transactions).toBe(100);
    expect(r.b.transactions).toBe(100);
    expect(r.a.errors).toBe(5);
    expect(r.a.errorRate).toBe(0.05);
    expect(r.a.tps).toBe(1);
    expect(r.a.avgMs).toBeCloseTo(252.5, 6);
    expect(r.b.avgMs).toBeCloseTo(752.5, 6);
    expect(r.a.minMs).toBe(5);
    expect(r.b.maxMs).toBe(1000);
    expect(r.ratio.transactions).toBe(1);
    expect(r.ratio.avgMs).toBeCloseTo(752.5 / 252.5, 6);
    expect(r.a.distribution.length).toBe(r.b.distribution.length);
    expect(r.a.distribution.reduce((s2, d) => s2 + d.count, 0)).toBe(100);
    expectWithinHistogramError(r.a.p95Ms, 475);
  });

  it('lists services with workloads and thresholds', async () => {
    const r = await get<ServicesResponse>('/api/v1/services');
    expect(r.services).toEqual([
      {
        serviceName: 'cart',
        namespace: 'shop',
        workloads: ['cart'],
        podCount: 1,
        runningPods: 1,
        apdexThresholdMs: 300,
      },
      {
        serviceName: 'checkout',
        namespace: 'shop',
        workloads: ['checkout'],
        podCount: 2,
        runningPods: 1,
        apdexThresholdMs: 500,
      },
    ]);
  });

  it('serves the OpenAPI document with every route', async () => {
    const doc = await get<{ paths: Record<string, unknown> }>('/api/v1/openapi.json');
    for (const p of [
      '/api/v1/velocity',
      '/api/v1/heatmap',
      '/api/v1/transactions',
      '/api/v1/traces/{traceId}',
      '/api/v1/spans',
      '/api/v1/pods',
      '/api/v1/pods/{namespace}/{podName}',
      '/api/v1/workloads/{namespace}/{workload}/history',
      '/api/v1/events',
      '/api/v1/compare',
      '/api/v1/services',
      '/api/v1/tokens',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
  });
});

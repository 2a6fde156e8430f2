// The dashboard in a real browser against the real collector: build() from @podtrail/collector on
// embedded chDB in a temp dir, data through its OTLP/HTTP receiver, live ticks through the real
// Kafka live topic and the WebSocket hub, Debian's Chromium driven by playwright-core.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DashboardSession } from '../support/dashboard-session.js';
import { waitUntil } from '../support/http.js';
import {
  demoCallChain,
  edgeCalls,
  keepScreenshot,
  overlapping,
  readMap,
  serviceTree,
  waitForMap,
} from './fixtures/service-map-traffic.js';
import { LOG_POD, LOGS_NS, logsFixture } from './fixtures/ui-logs.js';
import { lifecycle, NS, str, traces } from './fixtures/ui-traffic.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

const brokers = inject('kafkaBrokers');
const ui = new DashboardSession('ui');
const { readToken, shotsDir, post, api, openPage, jsErrors } = ui;

/** Known traffic: count, duration, errors per pod (T = 500 ms: 60 ms satisfied, 1.5 s tolerating, 3 s frustrated). */
const PODS = [
  { pod: 'groupware-demo-10-4hjzk', workload: 'groupware-demo', svc: 'groupware', n: 137, ms: 60, errors: 3 },
  { pod: 'groupware-demo-10-zh4w9', workload: 'groupware-demo', svc: 'groupware', n: 200, ms: 3000, errors: 0 },
  { pod: 'portal-demo-7d9f8c6b5-q2w3e', workload: 'portal-demo', svc: 'portal', n: 311, ms: 1500, errors: 0 },
] as const;
const CRASHED = { pod: 'portal-demo-7d9f8c6b5-dead1', workload: 'portal-demo', svc: 'portal' };
const LIVE_POD = { pod: 'groupware-demo-10-live1', workload: 'groupware-demo', svc: 'groupware', n: 25 };

// ---- the collector -----------------------------------------------------------------------------

async function podCounts(page: Page): Promise<Record<string, { count: number; apdex: string; state: string }>> {
  return page.$$eval('[data-testid=velocity-pod]', (els) =>
    Object.fromEntries(
      els.map((e) => [
        e.getAttribute('data-pod') ?? '',
        {
          count: Number(e.getAttribute('data-count')),
          apdex: e.getAttribute('data-apdex') ?? '',
          state: e.getAttribute('data-state') ?? '',
        },
      ]),
    ),
  );
}

beforeAll(async () => {
  await ui.start({ brokers, chromiumArgs: CHROMIUM_ARGS });

  const now = Date.now();
  for (const p of [...PODS, CRASHED]) await post('/v1/logs', lifecycle(p, 'started', now - 6 * 60_000));
  // the starts are stored before anything else about these pods arrives
  await waitUntil(
    async () => {
      const p = await api<{ pods: { podName: string }[] }>(`/pods?namespace=${NS}&from=${now - 3_600_000}`);
      return p.pods.length === PODS.length + 1;
    },
    60_000,
    'the started pods to be listed',
  );
  for (const p of PODS) await post('/v1/traces', traces(p, p.n, p.ms, p.errors, now - 5 * 60_000, now - 90_000));
  await post('/v1/traces', traces(CRASHED, 12, 40, 0, now - 5 * 60_000, now - 3 * 60_000));
  await post(
    '/v1/logs',
    lifecycle(CRASHED, 'crashed', now - 2 * 60_000, [
      str('exception.type', 'TypeError'),
      str('exception.message', "Cannot read properties of undefined (reading 'length')"),
      str(
        'exception.stacktrace',
        "TypeError: Cannot read properties of undefined (reading 'length')\n    at render (/app/preview.js:42:17)",
      ),
    ]),
  );
  // stored and aggregated before the browser looks
  await waitUntil(
    async () => {
      const v = await api<{ rows: { podName: string; count: number }[] }>(
        `/velocity?groupBy=pod&namespace=${NS}&from=${now - 15 * 60_000}&to=${now + 60_000}`,
      );
      const got = Object.fromEntries(v.rows.map((r) => [r.podName, r.count]));
      return PODS.every((p) => got[p.pod] === p.n);
    },
    90_000,
    'velocity to count the posted transactions',
  );
  await waitUntil(
    async () => {
      const p = await api<{ pods: { podName: string; state: string }[] }>(
        `/pods?namespace=${NS}&from=${now - 3_600_000}`,
      );
      return p.pods.find((x) => x.podName === CRASHED.pod)?.state === 'crashed';
    },
    60_000,
    'the crashed pod to be recorded',
  ).catch(async (err) => {
    const pods = await api(`/pods?namespace=${NS}&from=${now - 3_600_000}`).catch((e) => String(e));
    const events = await api(`/events?namespace=${NS}&from=${now - 3_600_000}`).catch((e) => String(e));
    throw new Error(`${(err as Error).message}; pods: ${JSON.stringify(pods)}; events: ${JSON.stringify(events)}`);
  });
}, 180_000);

afterAll(() => ui.stop());

describe('dashboard in Chromium against the real collector', () => {
  it('velocity board: one row per pod with exact counts, Apdex colours, the crashed pod greyed', async () => {
    const page = await openPage(`?token=${readToken}#/?window=15m`);
    await page.waitForSelector(`[data-testid=velocity-pod][data-pod="${PODS[2].pod}"]`, { timeout: 30_000 });
    const rows = await waitUntil(
      async () => {
        const r = await podCounts(page);
        return PODS.every((p) => r[p.pod]?.count === p.n) && r[CRASHED.pod]?.state === 'ended' ? r : undefined;
      },
      30_000,
      'board counts',
    );
    expect(rows[PODS[0].pod]).toEqual({ count: 137, apdex: 'satisfying', state: 'running' });
    expect(rows[PODS[1].pod]).toEqual({ count: 200, apdex: 'frustrating', state: 'running' });
    expect(rows[PODS[2].pod]).toEqual({ count: 311, apdex: 'tolerating', state: 'running' });
    expect(rows[CRASHED.pod]).toMatchObject({ count: 12, state: 'ended' });
    // short labels, full name on hover, grouped by workload
    const label = page.locator(`[data-testid=velocity-pod][data-pod="${PODS[0].pod}"]`);
    await expect(label.textContent()).resolves.toContain('gro..4hjzk');
    await expect(label.getAttribute('title')).resolves.toContain(PODS[0].pod);
    const groups = await page.$$eval('[data-testid=velocity-group]', (els) =>
      els.map((e) => e.getAttribute('data-workload')),
    );
    expect(groups).toEqual(['groupware-demo', 'portal-demo']);
    // the crash is in the event messages, as an error line
    const crashLine = page.locator('[data-testid=event][data-level=ERROR]').first();
    await expect(crashLine.textContent()).resolves.toContain('TypeError');
    await page.screenshot({ path: join(shotsDir, 'board.png') });
    expect(jsErrors(page)).toEqual([]);
    await page.close();
  });

  it('live board: per-second ticks over the WebSocket add up to what was sent', async () => {
    const page = await openPage(`?token=${readToken}#/`);
    await page.waitForSelector('[data-testid=conn][data-status=open]', { timeout: 30_000 });
    const sent = Date.now();
    await post('/v1/traces', traces(LIVE_POD, LIVE_POD.n, 20, 0, sent - 2000, sent));
    const count = await waitUntil(
      async () => {
        const r = await podCounts(page);
        return r[LIVE_POD.pod]?.count === LIVE_POD.n ? r[LIVE_POD.pod] : undefined;
      },
      30_000,
      'the live window to count the new transactions',
    );
    expect(count).toEqual({ count: 25, apdex: 'satisfying', state: 'running' });
    expect(Date.now() - sent).toBeLessThan(60_000); // still inside the 60 s window
    await page.screenshot({ path: join(shotsDir, 'live.png') });
    expect(jsErrors(page)).toEqual([]);
    await page.close();
  });

  it('T-Map: dragging a rectangle lists exactly the transactions inside it; a click opens the trace', async () => {
    const page = await openPage(`?token=${readToken}#/tmap?range=15m&namespace=${NS}&workload=portal-demo`);
    const heat = page.locator('[data-testid=heatmap]');
    await waitUntil(async () => Number(await heat.getAttribute('data-total')) === 311 + 12, 30_000, 'heatmap total');
    const box = (await heat.locator('canvas').boundingBox())!;
    // the whole plot: every cell
    await page.mouse.move(box.x + 60, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 12, box.y + box.height - 24, { steps: 6 });
    await page.mouse.up();
    const total = page.locator('[data-testid=selection-total]');
    await waitUntil(async () => (await total.textContent()) === '323', 20_000, 'selection total 323');
    await waitUntil(async () => (await page.locator('[data-testid=tx-row]').count()) === 50, 10_000, 'first page');
    expect(await total.getAttribute('data-cells')).toBe('323');

    // a smaller rectangle: the upper half, across the whole time range; the API must count what the cells count
    await page.mouse.move(box.x + 60, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 12, box.y + box.height * 0.45, { steps: 6 });
    await page.mouse.up();
    await waitUntil(
      async () => {
        const cells = Number(await total.getAttribute('data-cells'));
        const listed = Number((await total.textContent())?.replace(/,/g, ''));
        return cells > 0 && cells < 323 && cells === listed;
      },
      20_000,
      'the transactions listed to match the selected cells',
    );
    expect(await total.textContent()).toBe('311');

    await page.locator('[data-testid=tx-row]').first().click();
    const wf = page.locator('[data-testid=waterfall]');
    await wf.waitFor({ timeout: 20_000 });
    expect(await wf.getAttribute('data-spans')).toBe('2');
    await page.screenshot({ path: join(shotsDir, 'tmap.png'), fullPage: true });
    expect(jsErrors(page)).toEqual([]);
    await page.close();
  });

  it('post-mortem: the crashed pod shows its crash stack and timeline', async () => {
    const page = await openPage(`?token=${readToken}#/pods?namespace=${NS}&range=1h`);
    await page.locator(`[data-testid=pod-row][data-pod="${CRASHED.pod}"]`).click();
    const crash = page.locator('[data-testid=crash]');
    await crash.waitFor({ timeout: 20_000 });
    expect(await crash.textContent()).toContain('at render (/app/preview.js:42:17)');
    expect(await page.locator('[data-testid=post-mortem]').getAttribute('data-pod')).toBe(CRASHED.pod);
    await page.screenshot({ path: join(shotsDir, 'post-mortem.png'), fullPage: true });
    expect(jsErrors(page)).toEqual([]);
    await page.close();
  });

  it("logs: the pod page lists a pod's lines, filters by severity, tails live; a trace shows its lines under their span", async () => {
    const t = Date.now() - 60_000;
    const fx = logsFixture(t);
    await post('/v1/logs', fx.started);
    await post('/v1/traces', fx.trace);
    await post('/v1/logs', fx.lines);
    await waitUntil(
      async () =>
        (await api<{ logs: unknown[] }>(`/logs?namespace=${LOGS_NS}&pod=${LOG_POD}`)).logs.length === fx.lineCount &&
        (await api<{ pods: unknown[] }>(`/pods?namespace=${LOGS_NS}&from=${t - 3_600_000}`)).pods.length === 1,
      30_000,
      'the log lines and the pod to be stored',
    );

    const page = await openPage(`?token=${readToken}#/pods/${LOGS_NS}/${LOG_POD}`);
    const panel = page.locator('[data-testid=logs-panel]');
    const bodies = () => panel.locator('[data-testid=log-line] .log-body').allTextContents();
    await waitUntil(async () => (await bodies()).length === fx.lineCount, 20_000, 'the logs panel to list the lines');
    expect(await bodies()).toEqual([
      'request done without a span',
      'report rendering failed for user 42',
      'report query slow: 280 ms',
      'cache warmed: 120 entries',
      'report service listening on :8080',
    ]);
    expect(await panel.locator('[data-testid=logs-live]').count()).toBe(1); // the pod runs: live tail

    // live tail: a line written now shows on top within a poll or two
    await post('/v1/logs', fx.tailed(Date.now()));
    await waitUntil(async () => (await bodies())[0] === 'tailed line', 20_000, 'the tailed line on top');
    expect((await bodies()).length).toBe(fx.lineCount + 1);

    await panel.locator('[data-testid=logs-severity]').selectOption('warn');
    await waitUntil(async () => (await bodies()).length === 2, 20_000, 'the severity filter');
    expect(await bodies()).toEqual(['report rendering failed for user 42', 'report query slow: 280 ms']);
    await page.screenshot({ path: join(shotsDir, 'logs-panel.png'), fullPage: true });

    // the error line links to its trace; the waterfall shows each line under its span
    await panel.locator('[data-testid=log-line]').first().locator('a.log-trace').click();
    const wf = page.locator('[data-testid=waterfall]');
    await wf.waitFor({ timeout: 20_000 });
    await waitUntil(async () => (await wf.locator('[data-testid=wf-log]').count()) === 3, 20_000, 'trace log lines');
    const order = await wf.evaluate((el) =>
      [...el.querySelectorAll('[data-testid=wf-span] .wf-name, [data-testid=wf-log]')].map((e) =>
        e.getAttribute('data-testid') === 'wf-log'
          ? `log:${e.getAttribute('data-span')}:${e.querySelector('.mono')?.textContent}`
          : `span:${e.textContent?.replace(/^(ser|cli)/, '')}`,
      ),
    );
    expect(order).toEqual([
      'span:GET /api/report',
      `log:${fx.rootId}:report rendering failed for user 42`,
      'span:SELECT report',
      `log:${fx.childId}:report query slow: 280 ms`,
      'log::request done without a span',
    ]);
    expect(await wf.locator('[data-testid=wf-orphan-logs]').count()).toBe(1);
    await page.screenshot({ path: join(shotsDir, 'trace-logs.png'), fullPage: true });
    expect(jsErrors(page)).toEqual([]);
    await page.close();
  });

  it('wall mode: renders with a read token in the URL and reconnects by itself after the stream drops', async () => {
    const page = await openPage(`?wall=1&token=${readToken}`, { width: 1920, height: 1080 });
    await page.locator('[data-testid=wall]').waitFor({ timeout: 20_000 });
    const conn = page.locator('[data-testid=conn]');
    await waitUntil(async () => (await conn.getAttribute('data-status')) === 'open', 30_000, 'live');
    await page.waitForSelector(`[data-testid=velocity-pod][data-pod="${PODS[2].pod}"]`, { timeout: 20_000 });

    // network blip: the server drops every live socket
    const wss = (ui.app as typeof ui.app & { websocketServer: { clients: Set<{ terminate(): void }> } })
      .websocketServer;
    for (const c of wss.clients) c.terminate();
    await waitUntil(async () => (await conn.getAttribute('data-status')) === 'reconnecting', 10_000, 'reconnecting');
    expect(await conn.textContent()).toContain('reconnecting');
    await waitUntil(async () => (await conn.getAttribute('data-status')) === 'open', 30_000, 'live again');
    // never a dialog, never a blank page
    expect(await page.locator('[data-testid=login]').count()).toBe(0);
    expect(await page.locator('[data-testid=velocity-pod]').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: join(shotsDir, 'wall.png') });
    expect(jsErrors(page)).toEqual([]);
    await page.close();
  });
  it('service map: the demo services, their database and the calls between them; a click opens the T-Map', async () => {
    const ns = 'e2e-map';
    const now = Date.now();
    const chain = demoCallChain(ns, now);
    await post('/v1/traces', chain.request);
    // stored before the browser looks
    await waitForMap(api, ns, now - 15 * 60_000, (m) => JSON.stringify(edgeCalls(m)) === JSON.stringify(chain.edges));

    const page = await openPage(`?token=${readToken}#/map?range=15m&namespace=${ns}`);
    await page.locator('[data-testid=service-map]').waitFor({ timeout: 30_000 });
    const { nodes, edges } = await readMap(page);
    expect(nodes.map((n) => n.id)).toEqual([
      'db:postgresql:groupware-pg',
      'svc:groupware-db',
      'svc:groupware-demo',
      'svc:portal-demo',
    ]);
    // 120, 90 and 22 ms transactions under T = 500 ms; 2 of 20 failed: (18 + 0) / 20 = 0.9
    expect(nodes.map((n) => [n.name, n.cls])).toEqual([
      ['groupware-pg · postgresql', 'database'],
      ['groupware-db', 'satisfying'],
      ['groupware-demo', 'satisfying'],
      ['portal-demo', 'satisfying'],
    ]);
    expect(Object.keys(edges).sort()).toEqual(Object.keys(chain.edges).sort());
    // 15-minute window: 20 calls = 1.3/min, 2 of them failed = 10%
    expect(edges['svc:portal-demo>svc:groupware-demo']).toBe('1.3/min · 10.0% err · p95 100ms');
    expect(edges['svc:groupware-demo>svc:groupware-db']).toBe('2.7/min · 0.0% err · p95 25ms');
    expect(edges['svc:groupware-db>db:postgresql:groupware-pg']).toBe('2.7/min · 0.0% err · p95 15ms');
    await keepScreenshot(page, shotsDir, 'service-map.png');

    // a click on a service opens its transactions in the T-Map, same window
    await page.locator('[data-node-id="svc:groupware-demo"]').click();
    await page.waitForURL(/#\/tmap\?/, { timeout: 10_000 });
    const hash = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    expect(Object.fromEntries(hash)).toEqual({ service: 'groupware-demo', namespace: ns, range: '15m' });
    await page.locator('[data-testid=heatmap]').waitFor({ timeout: 20_000 });
    expect(jsErrors(page)).toEqual([]);
    await page.close();
  });

  it('service map at 50 services: every node and call drawn, no two nodes overlapping', async () => {
    const ns = 'e2e-map-50';
    const now = Date.now();
    const tree = serviceTree(ns, now);
    await post('/v1/traces', tree.request);
    await waitForMap(api, ns, now - 15 * 60_000, (m) => m.nodes.length === tree.nodes && m.edges.length === tree.edges);
    const page = await openPage(`?token=${readToken}#/map?range=15m&namespace=${ns}`);
    await page.locator('[data-testid=service-map]').waitFor({ timeout: 30_000 });
    await waitUntil(
      async () => (await page.locator('[data-node-id]').count()) === tree.nodes,
      20_000,
      'all nodes drawn',
    );
    const drawn = await readMap(page);
    expect(Object.keys(drawn.edges)).toHaveLength(tree.edges);
    expect(drawn.boxes).toHaveLength(tree.nodes);
    expect(overlapping(drawn.boxes)).toEqual([]);
    // names drawn in full
    expect(drawn.nodes.map((n) => n.name)).toEqual(expect.arrayContaining(['leaf-41', 'pg-shared · postgresql']));
    await keepScreenshot(page, shotsDir, 'service-map-50.png');
    expect(jsErrors(page)).toEqual([]);
    await page.close();
  });
});

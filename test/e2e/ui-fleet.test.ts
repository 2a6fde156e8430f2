// The dashboard at fleet size in a real browser (issue 14): a workload of 230 pods shows its top 20
// and "and 210 more", workloads collapse, and the Pods page pages on the server. The real collector
// (build() on embedded chDB), data through its OTLP/HTTP receiver, Debian's Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { build } from '@podtrail/collector';
import { encodeOtlp, type OtlpLogsRequest, type OtlpTraceRequest } from '@podtrail/contracts';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clickhouseTarget } from '../support/clickhouse-target.js';
import { waitUntil } from '../support/http.js';
import { createTopics, runId } from '../support/kafka.js';
import { repoRoot } from '../support/processes.js';
import { startUiCollector } from '../support/ui-collector.js';
import { lifecycle, NS, traces } from './fixtures/ui-traffic.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const brokers = inject('kafkaBrokers');
const run = runId();
const topics = {
  spans: `uifleet-${run}.spans`,
  metrics: `uifleet-${run}.metrics`,
  lifecycle: `uifleet-${run}.lifecycle`,
  deadLetter: `uifleet-${run}.deadletter`,
};
const liveTopic = `uifleet-${run}.live`;
const readToken = `read-${run}-0123456789abcdef`;
const ingestToken = `ingest-${run}-0123456789abcdef`;
const uiDir = join(repoRoot, 'packages/ui/dist');
const shotsDir = process.env.PODTRAIL_UI_SHOTS ?? join(tmpdir(), `podtrail-ui-shots-${run}`);

/** 230 web pods (pod i has 1 + i % 9 transactions), 3 api pods. */
const WEB = Array.from({ length: 230 }, (_, i) => ({
  pod: `fleet-web-6c9d8f7b5-${String(i).padStart(3, '0')}`,
  workload: 'fleet-web',
  svc: 'fleet-web',
  n: 1 + (i % 9),
}));
const API = Array.from({ length: 3 }, (_, i) => ({
  pod: `fleet-api-5b8c7d6f4-${i}`,
  workload: 'fleet-api',
  svc: 'fleet-api',
  n: 2,
}));
const ALL = [...WEB, ...API];

type App = Awaited<ReturnType<typeof build>>;
let app: App;
let base = '';
let browser: Browser;
const store = clickhouseTarget('podtrail-ui-fleet-');

async function post(path: '/v1/traces' | '/v1/logs', body: unknown): Promise<void> {
  const bytes =
    path === '/v1/traces'
      ? encodeOtlp('traces', body as OtlpTraceRequest)
      : encodeOtlp('logs', body as OtlpLogsRequest);
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${ingestToken}` },
    body: bytes,
  });
  if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${await res.text()}`);
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${readToken}` } });
  if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function openPage(hash: string, viewport = { width: 1600, height: 1000 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${base}/?token=${readToken}${hash}`);
  return page;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (scripts/ensure-chromium.sh)`);
  if (!existsSync(join(uiDir, 'index.html')))
    execFileSync('pnpm', ['--filter', '@podtrail/ui', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  mkdirSync(shotsDir, { recursive: true });
  await createTopics(brokers, [...Object.values(topics), liveTopic]);
  ({ app, base } = await startUiCollector({
    brokers,
    topics,
    liveTopic,
    group: `uifleet-${run}`,
    store,
    uiDir,
    readToken,
    ingestToken,
    rateLimitPerMin: 0,
  }));

  const now = Date.now();
  for (const p of ALL) await post('/v1/logs', lifecycle(p, 'started', now - 6 * 60_000));
  await waitUntil(
    async () => (await api<{ total: number }>(`/pods?namespace=${NS}&from=${now - 3_600_000}&limit=1`)).total === 233,
    120_000,
    'the 233 started pods to be listed',
  );
  for (const p of ALL) await post('/v1/traces', traces(p, p.n, 12, 0, now - 5 * 60_000, now - 90_000));
  await waitUntil(
    async () => {
      const v = await api<{ rows: { podName: string; count: number }[] }>(
        `/velocity?groupBy=pod&namespace=${NS}&from=${now - 15 * 60_000}&to=${now + 60_000}`,
      );
      const got = new Map(v.rows.map((r) => [r.podName, r.count]));
      return ALL.every((p) => got.get(p.pod) === p.n);
    },
    120_000,
    'velocity to count the posted transactions',
  );
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store.cleanup();
});

const shownPods = (page: Page, workload: string) =>
  page.$$eval(`[data-testid=velocity-group][data-workload="${workload}"] [data-testid=velocity-pod]`, (els) =>
    els.map((e) => e.getAttribute('data-pod') ?? ''),
  );

describe('the dashboard at fleet size', () => {
  it('a big workload shows its top 20 pods and "and 210 more"; workloads collapse and expand', async () => {
    const page = await openPage('#/?window=15m');
    const web = page.locator('[data-testid=velocity-group][data-workload="fleet-web"]');
    await web.locator('[data-testid=board-more]').waitFor({ timeout: 30_000 });
    await waitUntil(async () => (await shownPods(page, 'fleet-web')).length === 20, 30_000, 'the top 20 web pods');
    // the busiest 20 (25 pods have 9 transactions: the first 20 of them by name), in name order
    const busiest = [...WEB]
      .sort((a, b) => b.n - a.n || a.pod.localeCompare(b.pod))
      .slice(0, 20)
      .map((p) => p.pod)
      .sort();
    expect(await shownPods(page, 'fleet-web')).toEqual(busiest);
    expect(await web.locator('[data-testid=board-more]').textContent()).toBe('and 210 more');
    expect(await web.getAttribute('data-pods')).toBe('230');
    expect((await shownPods(page, 'fleet-api')).sort()).toEqual(API.map((p) => p.pod));

    const apiGroup = page.locator('[data-testid=velocity-group][data-workload="fleet-api"]');
    await apiGroup.locator('[data-testid=group-toggle]').click();
    await waitUntil(async () => (await apiGroup.getAttribute('data-collapsed')) === 'true', 10_000, 'api collapsed');
    expect(await shownPods(page, 'fleet-api')).toEqual([]);
    expect(await apiGroup.locator('.gstat').textContent()).toContain('3 pods');
    await page.screenshot({ path: join(shotsDir, 'board-fleet-collapsed.png'), fullPage: true });

    await web.locator('[data-testid=board-more]').click();
    await waitUntil(async () => (await shownPods(page, 'fleet-web')).length === 230, 10_000, 'all 230 web pods');
    expect(await web.locator('[data-testid=board-more]').count()).toBe(0);
    // the collapsed workload stays collapsed on a reload (this browser remembers)
    await page.reload();
    await page.locator('[data-testid=velocity-group][data-workload="fleet-api"][data-collapsed="true"]').waitFor();
    await apiGroup.locator('[data-testid=group-toggle]').click();
    await waitUntil(async () => (await shownPods(page, 'fleet-api')).length === 3, 10_000, 'api expanded again');
    await page.close();
  });

  it('the Pods page pages on the server: 233 pods in pages of 100, sorted by name', async () => {
    const page = await openPage(`#/pods?namespace=${NS}&sort=pod&order=asc`);
    const range = page.locator('[data-testid=pods-range]').first();
    const names = () => page.$$eval('[data-testid=pod-row]', (els) => els.map((e) => e.getAttribute('data-pod')));
    const sorted = ALL.map((p) => p.pod).sort();
    await waitUntil(async () => (await range.getAttribute('data-total')) === '233', 30_000, 'the total');
    expect(await range.textContent()).toBe('1–100 of 233');
    expect(await names()).toEqual(sorted.slice(0, 100));
    expect(await page.locator('[data-testid=pods-counts]').textContent()).toContain('233 pods · 233 running');
    await page.locator('[data-testid=pods-next]').first().click();
    await waitUntil(async () => (await range.textContent()) === '101–200 of 233', 30_000, 'page 2');
    await waitUntil(async () => (await names())[0] === sorted[100], 30_000, 'page 2 rows');
    expect(await names()).toEqual(sorted.slice(100, 200));
    await page.locator('[data-testid=pods-next]').first().click();
    await waitUntil(async () => (await names()).length === 33, 30_000, 'page 3 rows');
    expect(await names()).toEqual(sorted.slice(200));
    expect(await range.textContent()).toBe('201–233 of 233');
    expect(await page.locator('[data-testid=pods-next]').first().isDisabled()).toBe(true);
    await page.screenshot({ path: join(shotsDir, 'pods-page-3.png'), fullPage: true });
    // descending by name from the column head: the last pod first, back on page 1
    await page.locator('th button.th-sort', { hasText: 'pod' }).first().click();
    await waitUntil(async () => (await names())[0] === sorted.at(-1), 30_000, 'descending order');
    expect(await range.textContent()).toBe('1–100 of 233');
    await page.close();
  });
});

// The dashboard at fleet size in a real browser (issue 14): a workload of 230 pods shows its top 20
// and "and 210 more", workloads collapse, and the Pods page pages on the server. The real collector
// (build() on embedded chDB), data through its OTLP/HTTP receiver, Debian's Chromium.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DashboardSession } from '../support/dashboard-session.js';
import { waitUntil } from '../support/http.js';
import { lifecycle, NS, traces } from './fixtures/ui-traffic.js';

const brokers = inject('kafkaBrokers');
const ui = new DashboardSession('uifleet');
const { readToken, shotsDir, post, api } = ui;
const openPage = (hash: string, viewport = { width: 1600, height: 1000 }): Promise<Page> =>
  ui.openPage(`?token=${readToken}${hash}`, viewport);

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

beforeAll(async () => {
  await ui.start({ brokers, rateLimitPerMin: 0 });

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
}, 300_000);

afterAll(() => ui.stop());

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

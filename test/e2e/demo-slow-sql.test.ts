// Issue 13 acceptance: the demo's slow SQL is visible in the waterfall reached from the T-Map.
// Real parts only: the demo's groupware service (demo/src/service.mjs) under the agent, querying the
// project's PostgreSQL (deploy/databases/db.sh) with pg; the real broker; the collector process on
// embedded chDB; the dashboard in Debian's Chromium (playwright-core).
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeatmapResponse, TraceResponse, TransactionsResponse } from '@podtrail/contracts/api';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_DB_NAME, prepareDemoSchema } from '../../demo/src/demo-database.mjs';
import { clickhouseTarget } from '../support/clickhouse-target.js';
import { startReadyCollector } from '../support/collector-process.js';
import { getJson, waitUntil } from '../support/http.js';
import { runId, topicEnv } from '../support/kafka.js';
import { repoRoot, type StartedProcess, startNode } from '../support/processes.js';
import { keepScreenshot } from './fixtures/service-map-traffic.js';

const brokers = inject('kafkaBrokers');
const run = runId();
const NS = `e2e-sql-${run}`
  .slice(0, 60)
  .toLowerCase()
  .replace(/[^a-z0-9-]/g, '-');
const topics = topicEnv(`sql-${run}`);
const readToken = `read-${run}-0123456789abcdef`;
const DB_SCRIPT = join(repoRoot, 'deploy/databases/db.sh');
const shotsDir = process.env.PODTRAIL_UI_SHOTS ?? join(tmpdir(), `podtrail-ui-shots-${run}`);
/** The demo's report SQL as the agent exports it: the literal interval is gone, the parameter stays. */
const REPORT_SQL =
  'SELECT owner_id, count(*) AS messages, sum(size_bytes) AS bytes FROM mailbox_message, pg_sleep($1) WHERE received_at >= now() - interval ? GROUP BY owner_id ORDER BY bytes DESC LIMIT ?';

const MAIL_BY_ID = 24;
const INBOX = 6;
const REPORTS = 4;

const dbEnv = { ...process.env, PODTRAIL_DB_NAME: DEMO_DB_NAME };

describe("the demo's slow SQL, from the T-Map to the waterfall", () => {
  const store = clickhouseTarget('podtrail-e2e-sql-');
  let collector: StartedProcess;
  let service: StartedProcess | undefined;
  let base = '';
  let dbWasRunning = true;
  /** answers per route: a report can fail on purpose (2%) before its query */
  const okReports: number[] = [];
  const api = async <T>(path: string) => {
    const { status, body } = await getJson<T>(`${base}/api/v1${path}`, readToken);
    if (status !== 200) throw new Error(`${path} -> ${status} ${JSON.stringify(body)}`);
    return body;
  };

  beforeAll(async () => {
    // exit 0 running, 3 stopped
    dbWasRunning = spawnSync('bash', [DB_SCRIPT, 'status', 'postgres'], { env: dbEnv, stdio: 'ignore' }).status === 0;
  }, 10_000);

  beforeAll(async () => {
    const pgUrl = execFileSync('bash', [DB_SCRIPT, 'start', 'postgres'], {
      env: dbEnv,
      encoding: 'utf8',
      timeout: 600_000,
    })
      .trim()
      .split('\n')
      .at(-1) as string;
    await prepareDemoSchema(pgUrl);

    ({ process: collector, base } = await startReadyCollector({
      brokers,
      topics,
      storeEnv: store.env,
      env: {
        PODTRAIL_CONSUMER_GROUP: `sql-${run}`,
        PODTRAIL_TOKENS: `read:${readToken}`,
      },
    }));

    service = startNode(
      ['--import', '@podtrail/agent/register', 'src/service.mjs'],
      {
        ...topics,
        KAFKA_BROKERS: brokers,
        DEMO_ROLE: 'groupware',
        DEMO_PORT: '0',
        DEMO_PG_URL: pgUrl,
        PODTRAIL_SERVICE_NAME: 'groupware-demo',
        POD_NAME: 'groupware-demo-10-sql01',
        POD_NAMESPACE: NS,
        POD_UID: `uid-sql-${run}`,
        NODE_NAME: 'node-a',
      },
      join(repoRoot, 'demo'),
    );
    const m = await service.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000);
    const svc = m[1] as string;
    const get = async (path: string) => {
      const res = await fetch(`${svc}${path}`);
      await res.arrayBuffer();
      return res.status;
    };
    for (let i = 0; i < MAIL_BY_ID; i++) expect(await get(`/api/mail/${1 + i * 731}`)).toBe(200);
    for (let i = 0; i < INBOX; i++) await get('/api/mail/inbox');
    const reports = await Promise.all(Array.from({ length: REPORTS }, () => get('/api/report/monthly')));
    for (const s of reports) if (s === 200) okReports.push(s);
    // a graceful stop flushes every finished span
    await service.stop('SIGTERM');
  }, 600_000);

  afterAll(async () => {
    await service?.stop('SIGKILL');
    await collector?.stop('SIGKILL');
    await store.cleanup();
    if (!dbWasRunning && process.env.PODTRAIL_KEEP_DB !== '1')
      execFileSync('bash', [DB_SCRIPT, 'stop', 'postgres'], { env: dbEnv });
  });

  it('the slow band of the heatmap holds every report (a stalled mail read at most twice); their trace has the pg span with the sanitized slow SQL', async () => {
    const from = Date.now() - 30 * 60_000;
    const scope = `namespace=${NS}&from=${from}&to=${Date.now() + 60_000}`;
    const total = MAIL_BY_ID + INBOX + REPORTS;
    const hm = await waitUntil(
      async () => {
        const h = await api<HeatmapResponse>(`/heatmap?${scope}`);
        return h.total === total ? h : undefined;
      },
      120_000,
      `the heatmap to count ${total} transactions`,
    );
    // a drag over the slow band: every heatmap row from the one holding 800 ms (pg_sleep's least) up
    const row = hm.latencyBoundsMs.findLastIndex((ms) => ms <= 800);
    expect(row).toBeGreaterThan(0);
    const slow = await api<TransactionsResponse>(
      `/transactions?${scope}&minBucket=${hm.minBucket + row}&sort=duration&order=desc&limit=100`,
    );
    expect(okReports.length).toBeGreaterThan(0);
    // every report that ran its query is there (a stalled mail read may be too: see below)
    const slowReports = slow.rows.filter((r) => r.name === 'GET /api/report/monthly');
    expect(slowReports.length).toBe(okReports.length);
    expect(slow.rows.length).toBe(slow.total);

    const tx = slowReports[0]!;
    expect(tx.durationMs).toBeGreaterThanOrEqual(800);
    const trace = await api<TraceResponse>(`/traces/${tx.traceId}`);
    const server = trace.spans.find((s) => s.spanId === tx.spanId)!;
    expect(server.kind).toBe('Server');
    const queries = trace.spans.filter((s) => s.attributes['db.system.name'] === 'postgresql');
    const report = queries.filter((s) => s.attributes['db.query.text'] === REPORT_SQL);
    expect(report).toHaveLength(1);
    expect(report[0]).toMatchObject({ parentSpanId: server.spanId, kind: 'Client' });
    expect(report[0]!.durationMs).toBeGreaterThanOrEqual(800);
    expect(report[0]!.attributes['db.namespace']).toBe(DEMO_DB_NAME);

    // and the fast ones carry their templated names
    const fast = await api<TransactionsResponse>(
      `/transactions?${scope}&maxBucket=${hm.minBucket + row - 1}&limit=100`,
    );
    const names: Record<string, number> = {};
    for (const r of fast.rows) names[r.name] = (names[r.name] ?? 0) + 1;
    // a request the machine stalled past 800 ms is counted in the slow band instead: a few mail reads
    const stalled: Record<string, number> = {};
    for (const r of slow.rows) if (r.name !== 'GET /api/report/monthly') stalled[r.name] = (stalled[r.name] ?? 0) + 1;
    expect(Object.keys(stalled).every((n) => n.startsWith('GET /api/mail/'))).toBe(true);
    expect(slow.total - okReports.length).toBeLessThanOrEqual(2);
    const expected: Record<string, number> = {
      'GET /api/mail/{id}': MAIL_BY_ID - (stalled['GET /api/mail/{id}'] ?? 0),
      'GET /api/mail/inbox': INBOX - (stalled['GET /api/mail/inbox'] ?? 0),
      'GET /api/report/monthly': REPORTS - okReports.length,
    };
    expect(names).toEqual(Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0)));
  });

  it('in the browser: names in the T-Map list after a drag, the SQL on click and the time per kind', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/?token=${readToken}#/tmap?range=1h&namespace=${NS}`);
      const heat = page.locator('[data-testid=heatmap]');
      const total = MAIL_BY_ID + INBOX + REPORTS;
      await waitUntil(async () => Number(await heat.getAttribute('data-total')) === total, 60_000, 'heatmap total');
      const box = (await heat.locator('canvas').boundingBox())!;
      await page.mouse.move(box.x + 60, box.y + 10);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width - 12, box.y + box.height - 24, { steps: 6 });
      await page.mouse.up();
      const rows = page.locator('[data-testid=tx-row]');
      await waitUntil(async () => (await rows.count()) === total, 30_000, 'every transaction listed');
      const names = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-tx')));
      expect(new Set(names)).toEqual(new Set(['GET /api/mail/{id}', 'GET /api/mail/inbox', 'GET /api/report/monthly']));
      const titles = await rows.locator('td.ellipsis').allTextContents();
      expect(titles.filter((t) => t === 'GET/api/mail/{id}')).toHaveLength(MAIL_BY_ID);

      // a report that answered (one in fifty fails on purpose before its query)
      const slowest = page.locator('[data-testid=tx-row][data-tx="GET /api/report/monthly"][data-error="0"]').first();
      await slowest.click();
      const wf = page.locator('[data-testid=waterfall]');
      await wf.waitFor({ timeout: 20_000 });
      const dbRow = wf.locator('[data-testid=wf-span]:has([data-kind=db])').filter({ hasText: 'pg.query:SELECT' });
      await waitUntil(async () => (await dbRow.count()) >= 1, 20_000, 'the pg span in the waterfall').catch(
        async (err) => {
          const spans = await wf.locator('[data-testid=wf-span]').allTextContents();
          throw new Error(`${(err as Error).message}; span rows: ${JSON.stringify(spans)}`);
        },
      );
      // the report's query among the span rows marked db (pg-pool.connect is one too, without SQL)
      let shown = '';
      for (let i = 0; i < (await dbRow.count()) && shown !== REPORT_SQL; i++) {
        await dbRow.nth(i).click();
        const sql = wf.locator('[data-testid=wf-sql]');
        await sql.waitFor({ timeout: 10_000 });
        shown = (await sql.textContent()) ?? '';
      }
      expect(shown).toBe(REPORT_SQL);
      const share = await wf
        .locator('[data-testid=wf-share] [data-testid=wf-share-kind]')
        .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-kind'), e.textContent ?? ''])));
      // pg_sleep waits at least 0.8 s of a report of at most a few seconds: most of it is the database's
      expect(Object.keys(share).sort()).toEqual(['db', 'own']);
      expect(Number(/(\d+)%/.exec(share.db ?? '')?.[1])).toBeGreaterThanOrEqual(50);
      await keepScreenshot(page, shotsDir, 'waterfall-slow-sql.png');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuildOptions } from '@podtrail/collector';
import { encodeOtlp, type OtlpLogsRequest, type OtlpTraceRequest } from '@podtrail/contracts';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type ClickHouseTarget, clickhouseTarget } from './clickhouse-target.js';
import { createTopics, runId } from './kafka.js';
import { repoRoot } from './processes.js';
import { startUiCollector, type UiCollector } from './ui-collector.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * What every browser test of the dashboard sets up: the run's topics and tokens, the built UI, the
 * collector in this process serving it on embedded chDB, Debian's Chromium, and the test's ways in
 * (OTLP/HTTP posts with the ingest token, API reads with the read token, pages that record their
 * JavaScript errors). Methods are arrow properties so a test can destructure them.
 */
export class DashboardSession {
  readonly run = runId();
  readonly topics: { spans: string; metrics: string; lifecycle: string; deadLetter: string };
  readonly liveTopic: string;
  readonly readToken: string;
  readonly ingestToken: string;
  readonly uiDir = join(repoRoot, 'packages/ui/dist');
  /** screenshots are kept here (PODTRAIL_UI_SHOTS) */
  readonly shotsDir: string;
  readonly store: ClickHouseTarget;
  private collector: UiCollector | undefined;
  private chromium: Browser | undefined;
  private readonly pageErrors = new WeakMap<Page, string[]>();

  constructor(readonly prefix: string) {
    const p = `${prefix}-${this.run}`;
    this.topics = {
      spans: `${p}.spans`,
      metrics: `${p}.metrics`,
      lifecycle: `${p}.lifecycle`,
      deadLetter: `${p}.deadletter`,
    };
    this.liveTopic = `${p}.live`;
    this.readToken = `read-${this.run}-0123456789abcdef`;
    this.ingestToken = `ingest-${this.run}-0123456789abcdef`;
    this.shotsDir = process.env.PODTRAIL_UI_SHOTS ?? join(tmpdir(), `podtrail-ui-shots-${this.run}`);
    this.store = clickhouseTarget(`podtrail-${prefix}-`);
  }

  /** Chromium present, the UI built, the topics created, the collector serving the UI, the browser up. */
  async start(opts: {
    brokers: string;
    rateLimitPerMin?: number;
    build?: BuildOptions;
    chromiumArgs?: readonly string[];
  }): Promise<UiCollector & { browser: Browser }> {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (scripts/ensure-chromium.sh)`);
    if (!existsSync(join(this.uiDir, 'index.html')))
      execFileSync('pnpm', ['--filter', '@podtrail/ui', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    mkdirSync(this.shotsDir, { recursive: true });
    await createTopics(opts.brokers, [...Object.values(this.topics), this.liveTopic]);
    this.collector = await startUiCollector({
      brokers: opts.brokers,
      topics: this.topics,
      liveTopic: this.liveTopic,
      group: `${this.prefix}-${this.run}`,
      store: this.store,
      uiDir: this.uiDir,
      readToken: this.readToken,
      ingestToken: this.ingestToken,
      ...(opts.rateLimitPerMin === undefined ? {} : { rateLimitPerMin: opts.rateLimitPerMin }),
      ...(opts.build ? { build: opts.build } : {}),
    });
    this.chromium = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...(opts.chromiumArgs ?? CHROMIUM_ARGS)],
    });
    return { ...this.collector, browser: this.chromium };
  }

  get base(): string {
    return this.started().base;
  }

  get app(): UiCollector['app'] {
    return this.started().app;
  }

  private started(): UiCollector {
    if (!this.collector) throw new Error('DashboardSession.start() first');
    return this.collector;
  }

  /** An OTLP protobuf request through the collector's receiver; anything but 200 throws. */
  readonly post = async (path: '/v1/traces' | '/v1/logs', body: OtlpTraceRequest | OtlpLogsRequest): Promise<void> => {
    const bytes =
      path === '/v1/traces'
        ? encodeOtlp('traces', body as OtlpTraceRequest)
        : encodeOtlp('logs', body as OtlpLogsRequest);
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${this.ingestToken}` },
      body: bytes,
    });
    if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${await res.text()}`);
  };

  /** GET /api/v1{path} with the read token; anything but 200 throws. */
  readonly api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${this.base}/api/v1${path}`, { headers: { authorization: `Bearer ${this.readToken}` } });
    if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  /** A new page at `${base}/${suffix}` (query and hash, token included by the caller). */
  readonly openPage = async (suffix: string, viewport = { width: 1600, height: 1000 }): Promise<Page> => {
    if (!this.chromium) throw new Error('DashboardSession.start() first');
    const page = await this.chromium.newPage({ viewport });
    const errors: string[] = [];
    this.pageErrors.set(page, errors);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${this.base}/${suffix}`);
    return page;
  };

  /** The uncaught JavaScript errors of a page opened by openPage. */
  readonly jsErrors = (page: Page): string[] => this.pageErrors.get(page) ?? [];

  async stop(): Promise<void> {
    await this.chromium?.close();
    await this.collector?.app.close();
    await this.store.cleanup();
  }
}

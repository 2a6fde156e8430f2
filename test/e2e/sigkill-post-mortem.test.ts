// Issue 12 acceptance (heartbeat snapshots and the memory curve): an instrumented app, the real
// broker, the collector process on embedded ClickHouse (or CLICKHOUSE_URL). The app serves a little,
// writes numbered log lines through console.log, process.stdout.write and pino, then is SIGKILLed
// while a slow request is in flight. Its post-mortem must list that request as in flight at its
// last heartbeat, and hold a memory series with one point per stored heartbeat.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Instance, LogsResponse, PostMortemResponse } from '@podtrail/contracts/api';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clickhouseTarget } from '../support/clickhouse-target.js';
import { startReadyCollector } from '../support/collector-process.js';
import { fireRequests, getJson, waitUntil } from '../support/http.js';
import { runId, topicEnv } from '../support/kafka.js';
import { repoRoot, type StartedProcess, startNode } from '../support/processes.js';

const brokers = inject('kafkaBrokers');
const run = runId();
const topics = topicEnv(`pm-${run}`);
const readToken = `read-${run}-0123456789abcdef`;
const POD = { name: 'orders-6f7d8c9b5-k1ll9', namespace: 'e2e-pm', service: 'orders' };
const HEARTBEAT_MS = 500;
/** how long the agent may hold a log line before shipping it (continuous log shipping) */
const LOG_FLUSH_MS = 1000;
const SLOW_TRACE = randomBytes(16).toString('hex');
const SLOW_PATH = '/slow/42';
const CHROMIUM = '/usr/bin/chromium';
const shotsDir = process.env.PODTRAIL_UI_SHOTS ?? join(tmpdir(), `podtrail-ui-shots-${run}`);

/**
 * The log lines the app wrote, each with when its /log request returned. Lines written more than
 * LOG_FLUSH_MS before the kill are the ones a post-mortem's "last log lines" must show (logs are
 * shipped continuously): `linesShippableBeforeKill()`.
 */
const written: { n: number; atMs: number }[] = [];
let killedAtMs = 0;
const linesShippableBeforeKill = (): number[] =>
  written.filter((l) => killedAtMs - l.atMs > LOG_FLUSH_MS).map((l) => l.n);

describe('SIGKILL post-mortem: heartbeat snapshot and memory curve', () => {
  const store = clickhouseTarget('podtrail-e2e-pm-');
  let collector: StartedProcess;
  let app: StartedProcess;
  let base = '';
  let appUrl = '';
  let pm: PostMortemResponse | undefined;
  let inst: Instance | undefined;

  beforeAll(async () => {
    ({ process: collector, base } = await startReadyCollector({
      brokers,
      topics,
      storeEnv: store.env,
      env: {
        PODTRAIL_CONSUMER_GROUP: `pm-${run}`,
        PODTRAIL_TOKENS: `read:${readToken}`,
        // a loaded machine may delay a heartbeat's processing past 3 intervals: 2 s of silence
        PODTRAIL_VANISH_HEARTBEATS: '4',
      },
    }));
    app = startNode(
      ['--import', '@podtrail/agent/register', 'e2e/fixtures/postmortem-app.mjs'],
      {
        KAFKA_BROKERS: brokers,
        ...topics,
        PODTRAIL_SERVICE_NAME: POD.service,
        POD_NAME: POD.name,
        POD_NAMESPACE: POD.namespace,
        POD_UID: `uid-${POD.name}-${run}`,
        NODE_NAME: 'node-a',
        PODTRAIL_HEARTBEAT_MS: String(HEARTBEAT_MS),
        PODTRAIL_INFLIGHT_SNAPSHOT_MS: '200',
        PODTRAIL_BATCH_DELAY_MS: '200',
        PODTRAIL_LOG_FLUSH_MS: String(LOG_FLUSH_MS),
      },
      join(repoRoot, 'test'),
    );
    appUrl = `http://127.0.0.1:${(await app.waitFor(/listening (\d+)/, 30_000))[1]}`;
  });

  afterAll(async () => {
    await app?.stop('SIGKILL');
    await collector?.stop('SIGKILL');
    await store.cleanup();
  });

  const postMortem = async () => {
    const r = await getJson<PostMortemResponse>(`${base}/api/v1/pods/${POD.namespace}/${POD.name}`, readToken);
    return r.status === 200 ? r.body : undefined;
  };

  it('lists the request in flight at the last heartbeat and the memory of every heartbeat', async () => {
    await fireRequests(`${appUrl}/fast`, 25);
    const writeLines = async (from: number, to: number) => {
      const r = await getJson<string>(`${appUrl}/log?from=${from}&to=${to}`);
      expect(r.body).toBe(`wrote ${from}..${to}`);
      const at = Date.now();
      for (let n = from; n <= to; n++) written.push({ n, atMs: at });
    };
    await writeLines(1, 30);

    // the slow request, in a trace of ours; it never answers
    const slow = request(`${appUrl}${SLOW_PATH}`, {
      headers: { traceparent: `00-${SLOW_TRACE}-${randomBytes(8).toString('hex')}-01` },
    });
    slow.on('error', () => {});
    slow.end();

    // mid-request: once a stored heartbeat lists it, the process is killed
    const listing = await waitUntil(
      async () => {
        const hb = (await postMortem())?.instances[0]?.lastHeartbeat;
        return hb?.inFlight.some((f) => f.traceId === SLOW_TRACE) ? hb : undefined;
      },
      60_000,
      'a stored heartbeat listing the slow request',
    );
    // lines 1..30 are given the flush interval plus a send's time before the kill (the scenario's
    // timing, not an assertion): they are the lines the post-mortem must show
    const margin = written.at(-1)!.atMs + LOG_FLUSH_MS + 3_000 - Date.now();
    if (margin > 0) await new Promise((r) => setTimeout(r, margin));
    await writeLines(31, 36);
    killedAtMs = Date.now();
    const exit = await app.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');

    // every line was written (the app's own output)
    for (const { n } of written) expect(app.output()).toMatch(new RegExp(`pm-line ${n} via `));
    expect(linesShippableBeforeKill()).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));

    // killed for good: last heard from at or after that heartbeat (not a silence mistaken earlier)
    pm = await waitUntil(
      async () => {
        const p = await postMortem();
        const i = p?.instances[0];
        return p?.pod.state === 'killed' && i?.state === 'killed' && Date.parse(i.lastSeen) >= Date.parse(listing.at)
          ? p
          : undefined;
      },
      90_000,
      'the instance to be declared killed',
    );
    expect(pm.pod.state).toBe('killed');
    expect(pm.instances).toHaveLength(1);
    inst = pm.instances[0]!;
    // no stop or crash event: what ran comes from the last heartbeat
    expect(inst.inFlight).toEqual([]);
    const hb = inst.lastHeartbeat;
    expect(hb).not.toBeNull();
    const slowEntry = hb!.inFlight.find((f) => f.traceId === SLOW_TRACE);
    expect(slowEntry).toMatchObject({ method: 'GET', url: SLOW_PATH, route: '/slow/{id}' });
    expect(hb!.inFlight).toHaveLength(1);
    expect(hb!.inFlightTotal).toBe(1);
    expect(hb!.inFlightThresholdMs).toBe(200);
    // "at last heartbeat, N s before it vanished": N from that heartbeat to the last word heard
    const lastWord = Math.max(Date.parse(inst.lastSeen), Date.parse(inst.endedAt!));
    expect(hb!.secondsBeforeEnd).toBe(Math.round((lastWord - Date.parse(hb!.at)) / 100) / 10);
    expect(Date.parse(hb!.at)).toBeLessThanOrEqual(killedAtMs);

    // the memory curve: one point per heartbeat, ending when the instance was last heard from
    const mem = inst.memory;
    expect(mem.bucketMs).toBe(0);
    expect(mem.points).toHaveLength(mem.heartbeats);
    expect(mem.heartbeats).toBeGreaterThanOrEqual(3);
    expect(mem.endsAt).toBe(inst.lastSeen);
    expect(mem.points.at(-1)?.ts).toBe(hb!.at);
    for (const p of mem.points) {
      expect(p.rss).toBeGreaterThan(0);
      expect(p.heapUsed).toBeGreaterThan(0);
      expect(p.heapLimit).toBeGreaterThan(p.heapUsed!);
      expect(p.external).toBeGreaterThan(0);
      expect(p.arrayBuffers).toBeGreaterThanOrEqual(0);
    }
    expect(mem.points.slice(1).every((p) => p.eventLoopDelayP99Ms !== null && p.eventLoopDelayMaxMs !== null)).toBe(
      true,
    );
    expect(mem.heapLimit).toBe(mem.points.at(-1)?.heapLimit);

    // the last log lines: shipped continuously, so every line written more than the flush interval
    // before the kill is stored (each once, in order), and at most the lines of the last interval lost
    const lineNo = (body: string): number => Number(/pm-line (\d+) via /.exec(body)?.[1] ?? 0);
    const stored = await waitUntil(
      async () => {
        const r = await getJson<LogsResponse>(
          `${base}/api/v1/logs?namespace=${POD.namespace}&pod=${POD.name}&q=pm-line&limit=1000&from=${killedAtMs - 600_000}`,
          readToken,
        );
        const nums = (r.body.logs ?? []).map((l) => lineNo(l.body)).reverse();
        return linesShippableBeforeKill().every((n) => nums.includes(n)) ? nums : undefined;
      },
      60_000,
      'the log lines written before the kill to be stored',
    );
    const shippable = linesShippableBeforeKill();
    expect(shippable).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // lines 31..36 were written just before the kill: a prefix of them may have been sent
    expect(stored).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
    expect(stored.length).toBeGreaterThanOrEqual(30);
    expect(stored.length).toBeLessThanOrEqual(36);
    // the post-mortem's "last log lines" are the newest 20 of them, oldest first
    const last = (await postMortem())?.instances[0]?.lastLogs ?? [];
    expect(last.map(lineNo)).toEqual(stored.slice(-20));
    expect(last.filter((l) => l.includes('via pino'))).not.toHaveLength(0);
  });

  it('the pod page shows the in-flight list of the last heartbeat and the memory chart', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    expect(existsSync(join(repoRoot, 'packages/ui/dist/index.html')), 'pnpm build builds the UI').toBe(true);
    mkdirSync(shotsDir, { recursive: true });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/?token=${readToken}#/pods/${POD.namespace}/${POD.name}`);
      const list = page.locator('[data-testid=in-flight-heartbeat]');
      await list.waitFor({ timeout: 30_000 });
      expect(await list.getAttribute('data-seconds-before')).toBe(String(inst?.lastHeartbeat?.secondsBeforeEnd));
      expect(
        await list.locator('[data-trace]').evaluateAll((els) => els.map((e) => e.getAttribute('data-trace'))),
      ).toEqual([SLOW_TRACE]);
      expect(await list.textContent()).toContain('at last heartbeat');
      const chart = page.locator('[data-testid=memory-chart]');
      await chart.locator('canvas').waitFor({ timeout: 30_000 });
      expect(Number(await chart.getAttribute('data-points'))).toBe(inst?.memory.points.length);
      await page.screenshot({ path: join(shotsDir, 'sigkill-post-mortem.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('stored exactly one heartbeat row per memory point, none lost before the last', async () => {
    const points = (await postMortem())?.instances[0]?.memory.points.length;
    expect(points).toBe(inst?.memory.points.length);
    const stopped = await collector.stop('SIGTERM');
    expect(stopped.code === 0 || stopped.signal === 'SIGTERM').toBe(true);
    const ch = store.client();
    try {
      const rows = (await (
        await ch.query({
          query: `SELECT count() AS n, max(toUInt64OrZero(Attributes['podtrail.sequence'])) AS lastSeq,
                         uniqExact(toUInt64OrZero(Attributes['podtrail.sequence'])) AS seqs
                  FROM ${store.database}.lifecycle_events
                  WHERE PodName = {p:String} AND EventName = 'podtrail.agent.heartbeat'`,
          query_params: { p: POD.name },
          format: 'JSONEachRow',
        })
      ).json()) as { n: string; lastSeq: string; seqs: string }[];
      const stored = Number(rows[0]?.n);
      expect(stored).toBe(inst?.memory.points.length);
      // the agent numbers its heartbeats: every one up to the last stored arrived, once
      expect(Number(rows[0]?.lastSeq)).toBe(stored);
      expect(Number(rows[0]?.seqs)).toBe(stored);
    } finally {
      await ch.close();
    }
  });
});

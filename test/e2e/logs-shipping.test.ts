// Issue 12, continuous logs: real broker, the collector on embedded ClickHouse (or the server of
// CLICKHOUSE_URL), instrumented apps writing through console.*, process.stdout/stderr.write, pino,
// winston and bunyan. What they write must be stored exactly, with its severity and trace context;
// a log flood is capped by the per-process budget and what was dropped is counted at the collector.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { LogRecord, LogsResponse, PostMortemResponse, TraceResponse } from '@podtrail/contracts/api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clickhouseTarget } from '../support/clickhouse-target.js';
import { freePort, startReadyCollector } from '../support/collector-process.js';
import { fireRequests, getJson, waitUntil } from '../support/http.js';
import { runId, topicEnv } from '../support/kafka.js';
import { repoRoot, type StartedProcess, startNode } from '../support/processes.js';

const brokers = inject('kafkaBrokers');
const run = runId();
const topics = topicEnv(`e2e-logs-${run}`);
const NAMESPACE = 'e2e-logs';
const REGISTER = join(repoRoot, 'packages/agent/dist/register.js');
const APP = join(repoRoot, 'packages/agent/src/testing/fixtures/logging-app.mjs');

function appEnv(pod: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...topics,
    KAFKA_BROKERS: brokers,
    PODTRAIL_SERVICE_NAME: 'logs-app',
    POD_NAME: pod,
    POD_NAMESPACE: NAMESPACE,
    POD_UID: `uid-${pod}`,
    PODTRAIL_BATCH_DELAY_MS: '200',
    ...extra,
  };
}

describe('continuous log shipping: agent -> Kafka -> collector -> logs API', () => {
  const store = clickhouseTarget('podtrail-e2e-logs-');
  let collector: StartedProcess;
  let base = '';
  const apps: ChildProcess[] = [];

  /** Every stored record of a pod (matching q), following the cursor; newest first. */
  async function podLogs(pod: string, q?: string): Promise<LogRecord[]> {
    const out: LogRecord[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({ namespace: NAMESPACE, pod, limit: '1000' });
      if (q) params.set('q', q);
      if (cursor) params.set('cursor', cursor);
      const { status, body } = await getJson<LogsResponse>(`${base}/api/v1/logs?${params}`);
      if (status !== 200) throw new Error(`/api/v1/logs answered ${status}: ${JSON.stringify(body)}`);
      out.push(...body.logs);
      cursor = body.nextCursor;
    } while (cursor);
    return out;
  }

  beforeAll(async () => {
    ({ process: collector, base } = await startReadyCollector({
      brokers,
      topics,
      storeEnv: store.env,
      env: {
        PODTRAIL_CONSUMER_GROUP: `e2e-logs-${run}`,
        PODTRAIL_AUTH: 'off',
        PODTRAIL_BOOTSTRAP_TOKENS: 'off',
        PODTRAIL_BATCH_MAX_MS: '100',
      },
    }));
  });

  afterAll(async () => {
    for (const a of apps) if (a.exitCode === null && a.signalCode === null) a.kill('SIGKILL');
    await collector?.stop('SIGKILL');
    await store.cleanup();
  });

  it('stores exactly the lines written, with their severities, in order; a line inside a request carries its trace', async () => {
    const pod = `logs-app-${run}-known`;
    const app = startNode(['--import', REGISTER, APP], appEnv(pod, { LOG_TAG: 'known' }));
    apps.push(app.child);
    const port = Number((await app.waitFor(/listening (\d+)/, 30_000))[1]);

    // a request continuing a known trace: its two lines must carry that trace id
    const traceId = randomBytes(16).toString('hex');
    const res = await fetch(`http://127.0.0.1:${port}/traced?n=1`, {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(await res.text()).toBe('traced');

    // [marker in the body, severity]; the order is the order the app wrote them
    const expected: [string, string][] = [
      ['known 1 console.log', 'INFO'],
      ['known 2 console.info', 'INFO'],
      ['known 3 console.debug', 'DEBUG'],
      ['known 4 console.warn', 'WARN'],
      ['known 5 console.error', 'ERROR'],
      ['known 6 stdout.write', 'INFO'],
      ['known 7 stderr.write', 'WARN'],
      ['known 8 stdout.write in two parts', 'INFO'],
      ['known 9 pino.info', 'INFO'],
      ['known 10 pino.warn', 'WARN'],
      ['known 11 pino.error', 'ERROR'],
      ['known 12 winston.info', 'INFO'],
      ['known 13 winston.warn', 'WARN'],
      ['known 14 winston.error', 'ERROR'],
      ['known 15 bunyan.info', 'INFO'],
      ['known 16 bunyan.warn', 'WARN'],
      ['known 17 bunyan.error', 'ERROR'],
      [`listening ${port}`, 'INFO'],
      ['traced 1 console.log', 'INFO'],
      ['traced 1 pino.info', 'INFO'],
    ];
    // shipped while the app runs (flush interval 1 s): no stop needed for them to arrive
    const stored = await waitUntil(
      async () => {
        const logs = await podLogs(pod);
        return logs.length >= expected.length ? logs : undefined;
      },
      60_000,
      `the ${expected.length} lines of ${pod} in /api/v1/logs`,
    );
    const oldestFirst = [...stored].reverse();
    expect(oldestFirst).toHaveLength(expected.length);
    expect(
      oldestFirst.map((r, i) => [r.body.includes(expected[i]![0]) ? expected[i]![0] : r.body, r.severity]),
    ).toEqual(expected);
    // JSON lines are stored as written; plain ones too (no console formatting added or lost)
    expect(oldestFirst[0]!.body).toBe('known 1 console.log');
    expect(JSON.parse(oldestFirst[8]!.body)).toMatchObject({ level: 30, msg: 'known 9 pino.info' });
    for (const r of oldestFirst) {
      expect(r).toMatchObject({ serviceName: 'logs-app', namespace: NAMESPACE, podName: pod });
      expect(r.instanceId).not.toBe('');
    }
    expect(new Set(oldestFirst.map((r) => r.instanceId)).size).toBe(1);
    expect(oldestFirst.find((r) => r.body === 'known 7 stderr.write')!.attributes['log.iostream']).toBe('stderr');

    // only the request's lines carry a trace, and it is the request's
    const traced = oldestFirst.filter((r) => r.traceId !== undefined);
    expect(traced.map((r) => r.body.includes('traced 1'))).toEqual([true, true]);
    const trace = await waitUntil(
      async () => {
        const { status, body } = await getJson<TraceResponse>(`${base}/api/v1/traces/${traceId}`);
        return status === 200 && body.spans.length > 0 ? body : undefined;
      },
      60_000,
      `trace ${traceId}`,
    );
    const server = trace.spans.find((s) => s.isTransaction)!;
    for (const r of traced) expect(r).toMatchObject({ traceId, spanId: server.spanId });
    const { status, body } = await getJson<LogsResponse>(`${base}/api/v1/traces/${traceId}/logs`);
    expect(status).toBe(200);
    expect(body.logs.map((r) => r.body.includes('traced 1'))).toEqual([true, true]);
    expect(body.logs.map((r) => r.severity)).toEqual(['INFO', 'INFO']);
    expect(body.logs.every((r) => r.traceId === traceId && r.podName === pod)).toBe(true);
    await app.stop('SIGTERM');
  }, 180_000);

  it('a log flood is capped by the budget, oversized lines are cut, and the drop count reaches the collector', async () => {
    const pod = `logs-app-${run}-flood`;
    const MAX_LINES = 200;
    const MAX_LINE_BYTES = 4096;
    const port = await freePort();
    // stdout to /dev/null: the flood is ~100 MB the test does not need to read
    const app = spawn(process.execPath, ['--import', REGISTER, APP], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        ...appEnv(pod, {
          PORT: String(port),
          LOG_TAG: 'flood-app',
          PODTRAIL_LOG_MAX_LINES_PER_SEC: String(MAX_LINES),
          PODTRAIL_LOG_MAX_BYTES_PER_SEC: '256KiB',
          PODTRAIL_LOG_MAX_LINE_BYTES: String(MAX_LINE_BYTES),
          PODTRAIL_METRICS_INTERVAL_MS: '1000',
        }),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    apps.push(app);
    let stderr = '';
    app.stderr!.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-4000);
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((r) =>
      app.on('exit', (code, signal) => r({ code, signal })),
    );
    const url = `http://127.0.0.1:${port}`;
    await waitUntil(async () => (await fetch(`${url}/ok`)).status === 200, 30_000, `the flood app (${stderr})`);

    expect(await (await fetch(`${url}/flood?ms=2000&mbps=50`)).text()).toBe('flooding');
    // requests keep being served during the flood (how fast is the benchmark's business)
    await fireRequests(`${url}/ok`, 50, 4);
    const flood = await waitUntil(
      async () => {
        const s = (await (await fetch(`${url}/flood-stats`)).json()) as { written: number; done: boolean };
        return s.done ? s : undefined;
      },
      60_000,
      'the flood to end',
    );
    expect(flood.written).toBeGreaterThan(10_000);
    app.kill('SIGTERM');
    expect((await exited).signal).toBe('SIGTERM');

    // stored + dropped = written, once the last batch and the final metrics export are in
    let dropped = -1;
    let seen = '';
    const stored = await waitUntil(
      async () => {
        const logs = await podLogs(pod, 'fl00d');
        const pm = await getJson<PostMortemResponse>(`${base}/api/v1/pods/${NAMESPACE}/${pod}`);
        const metric =
          pm.status === 200 ? pm.body.lastMetrics.find((m) => m.name === 'podtrail.agent.logs.dropped') : undefined;
        dropped = metric ? metric.value : -1;
        seen = `written ${flood.written}, stored ${logs.length}, dropped ${dropped} (post-mortem ${pm.status})`;
        return metric && logs.length + dropped === flood.written ? logs : undefined;
      },
      90_000,
      'stored flood lines + podtrail.agent.logs.dropped to add up to the lines written',
    ).catch((err: Error) => {
      throw new Error(`${err.message}; last seen: ${seen}`);
    });
    expect(stored.length + dropped).toBe(flood.written);
    expect(dropped).toBeGreaterThan(0);

    // the budget: at most MAX_LINES per second of the wall clock, and the flood filled some second
    const perSecond = new Map<number, number>();
    for (const r of stored) {
      const s = Math.floor(Date.parse(r.ts) / 1000);
      perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBe(MAX_LINES);

    // the three 100 kB lines, written before the flood, are stored cut, not rejected
    const big = stored.filter((r) => r.body.startsWith('fl00d big-')).reverse();
    expect(big.map((r) => r.body.slice(0, 12))).toEqual(['fl00d big-1 ', 'fl00d big-2 ', 'fl00d big-3 ']);
    for (const r of big) {
      expect(Buffer.byteLength(r.body)).toBe(MAX_LINE_BYTES);
      expect(r.attributes).toMatchObject({
        'podtrail.log.truncated': 'true',
        'podtrail.log.original_bytes': String(12 + 100_000),
      });
    }
    const pm = await getJson<PostMortemResponse>(`${base}/api/v1/pods/${NAMESPACE}/${pod}`);
    expect(pm.body.lastMetrics.find((m) => m.name === 'podtrail.agent.logs.truncated')?.value).toBe(3);
  }, 240_000);
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { attributesToRecord, decodeOtlp, LIFECYCLE_EVENTS } from '@podtrail/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, load, sleep, startApp, waitForValue } from './testing/harness.js';

// A stand-in OTLP/HTTP receiver: records what the agent posts (path, auth, decoded body).
const received: { path: string; auth: string | undefined; contentType: string | undefined; body: Buffer }[] = [];
const status = 200;
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({
      path: req.url ?? '',
      auth: req.headers.authorization,
      contentType: req.headers['content-type'],
      body: Buffer.concat(chunks),
    });
    res.statusCode = status;
    res.end();
  });
});

/** SERVER spans in the /v1/traces posts of `posts`. */
function serverSpanCount(posts: typeof received): number {
  return posts
    .filter((x) => x.path === '/v1/traces')
    .flatMap((r) => decodeOtlp('traces', r.body).resourceSpans ?? [])
    .flatMap((rs) => rs.scopeSpans ?? [])
    .flatMap((ss) => ss.spans ?? [])
    .filter((s) => s.kind === 2).length;
}

beforeAll(async () => {
  ensureBuilt();
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

describe('otlp-http export mode', () => {
  it('posts protobuf spans, metrics and lifecycle logs to /v1/* with the bearer token', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const app = await startApp('app.mjs', {
      PODTRAIL_EXPORT: 'otlp-http',
      PODTRAIL_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      PODTRAIL_OTLP_TOKEN: 'secret-token',
      PODTRAIL_SERVICE_NAME: 'otlp-http-app',
      PODTRAIL_BATCH_DELAY_MS: '100',
      PODTRAIL_METRICS_INTERVAL_MS: '300',
    });
    const N = 30;
    await load(app.port, '/ok', N);
    // the span batches and a periodic metrics export have been posted
    await waitForValue(
      () => ({
        spans: serverSpanCount(received),
        metricPosts: received.filter((x) => x.path === '/v1/metrics').length,
      }),
      (r) => r.spans >= N && r.metricPosts >= 1,
      { what: `${N} SERVER spans and one metrics post at the receiver`, show: (r) => JSON.stringify(r) },
    );
    app.child.kill('SIGTERM');
    await app.exited;

    expect(new Set(received.map((r) => r.auth))).toEqual(new Set(['Bearer secret-token']));
    expect(new Set(received.map((r) => r.contentType))).toEqual(new Set(['application/x-protobuf']));
    let server = 0;
    for (const r of received.filter((x) => x.path === '/v1/traces'))
      for (const rs of decodeOtlp('traces', r.body).resourceSpans ?? []) {
        expect(attributesToRecord(rs.resource?.attributes)['service.name']).toBe('otlp-http-app');
        for (const ss of rs.scopeSpans ?? []) server += (ss.spans ?? []).filter((s) => s.kind === 2).length;
      }
    expect(server).toBe(N);
    const events = received
      .filter((x) => x.path === '/v1/logs')
      .flatMap((r) => decodeOtlp('logs', r.body).resourceLogs ?? [])
      .flatMap((rl) => rl.scopeLogs ?? [])
      .flatMap((sl) => sl.logRecords ?? [])
      .map((lr) => attributesToRecord(lr.attributes)['event.name'])
      // the app's own log lines travel on /v1/logs too; they carry no event name
      .filter((name) => name !== undefined);
    expect(events[0]).toBe(LIFECYCLE_EVENTS.started);
    expect(events.at(-1)).toBe(LIFECYCLE_EVENTS.stopped);
    const metricNames = new Set(
      received
        .filter((x) => x.path === '/v1/metrics')
        .flatMap((r) => decodeOtlp('metrics', r.body).resourceMetrics ?? [])
        .flatMap((rm) => rm.scopeMetrics ?? [])
        .flatMap((sm) => sm.metrics ?? [])
        .map((m) => m.name),
    );
    for (const name of [
      'nodejs.eventloop.delay.p50',
      'nodejs.eventloop.delay.p99',
      'v8js.memory.heap.used',
      'v8js.memory.heap.limit',
      'process.memory.usage',
      'process.cpu.time',
      'process.cpu.utilization',
      'http.server.active_requests',
      'http.server.request.duration',
    ])
      expect(metricNames).toContain(name);
  }, 30_000);

  it('programmatic start() and shutdown(): spans and a stopped event, then the app runs on uninstrumented', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const before = received.length;
    const app = await startApp(
      'programmatic.mjs',
      { PODTRAIL_EXPORT: 'otlp-http', PODTRAIL_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
      15_000,
      { preload: false },
    );
    await load(app.port, '/ok', 12);
    await load(app.port, '/shutdown', 1);
    await waitForValue(() => app.stdout.includes('agent shut down'), Boolean, {
      what: "the app's 'agent shut down' line",
      timeoutMs: 2500,
      intervalMs: 50,
    });
    expect(app.stdout).toContain('agent shut down');
    await load(app.port, '/ok', 5); // after shutdown: served, not traced
    // An absence has no event to wait for: three batch delays (100 ms) in which a tracer left
    // running would have posted these spans; a SIGTERM handler left behind would flush them too.
    await sleep(300);
    app.child.kill('SIGTERM');
    expect((await app.exited).signal).toBe('SIGTERM');
    const mine = received.slice(before);
    const spans = mine
      .filter((x) => x.path === '/v1/traces')
      .flatMap((r) => decodeOtlp('traces', r.body).resourceSpans ?? [])
      .filter((rs) => attributesToRecord(rs.resource?.attributes)['service.name'] === 'programmatic')
      .flatMap((rs) => rs.scopeSpans ?? [])
      .flatMap((ss) => ss.spans ?? [])
      .filter((s) => s.kind === 2);
    expect(spans).toHaveLength(13);
    const events = mine
      .filter((x) => x.path === '/v1/logs')
      .flatMap((r) => decodeOtlp('logs', r.body).resourceLogs ?? [])
      .flatMap((rl) => rl.scopeLogs ?? [])
      .flatMap((sl) => sl.logRecords ?? [])
      .map((lr) => attributesToRecord(lr.attributes));
    const stopped = events.filter((e) => e['event.name'] === LIFECYCLE_EVENTS.stopped);
    expect(stopped).toHaveLength(1);
    expect(stopped[0]!['podtrail.stop.reason']).toBe('shutdown');
  }, 30_000);

  it('app log lines go to /v1/logs with severity and trace ids; PODTRAIL_LOGS=off sends none', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const appLines = async (env: Record<string, string>) => {
      const before = received.length;
      const app = await startApp('app.mjs', {
        PODTRAIL_EXPORT: 'otlp-http',
        PODTRAIL_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        PODTRAIL_SERVICE_NAME: 'otlp-http-logs',
        ...env,
      });
      for (let i = 0; i < 3; i++) await load(app.port, `/log?n=${i}`, 1);
      app.child.kill('SIGTERM');
      expect((await app.exited).signal).toBe('SIGTERM');
      return received
        .slice(before)
        .filter((x) => x.path === '/v1/logs')
        .flatMap((r) => decodeOtlp('logs', r.body).resourceLogs ?? [])
        .flatMap((rl) => rl.scopeLogs ?? [])
        .flatMap((sl) => sl.logRecords ?? [])
        .filter((lr) => attributesToRecord(lr.attributes)['event.name'] === undefined);
    };
    const on = await appLines({});
    const requestLines = on.filter((lr) => lr.body?.stringValue?.startsWith('app line '));
    expect(requestLines.map((lr) => [lr.body?.stringValue, lr.severityText])).toEqual([
      ['app line 0', 'INFO'],
      ['app line 1', 'INFO'],
      ['app line 2', 'INFO'],
    ]);
    // each written inside its own request: three different traces
    expect(new Set(requestLines.map((lr) => Buffer.from(lr.traceId ?? []).toString('hex'))).size).toBe(3);
    expect(requestLines.every((lr) => (lr.traceId ?? []).length === 16 && (lr.spanId ?? []).length === 8)).toBe(true);
    expect(on.some((lr) => lr.body?.stringValue?.startsWith('listening '))).toBe(true);
    expect(await appLines({ PODTRAIL_LOGS: 'off' })).toEqual([]);
  }, 60_000);

  it('invalid configuration: one stderr line naming the fields, the app runs uninstrumented', async () => {
    const app = await startApp('app.mjs', {
      PODTRAIL_SAMPLE_RATIO: 'lots',
      PODTRAIL_FLUSH_DEADLINE_MS: '60000',
      KAFKA_BROKERS: '127.0.0.1:1',
    });
    expect((await load(app.port, '/fetch', 5)).every((s) => s === 200)).toBe(true);
    const agentLines = app.stderr.filter((l) => l.includes('podtrail'));
    expect(agentLines).toHaveLength(1);
    expect(agentLines[0]).toContain('APM_ERR_AGENT_CONFIG');
    expect(agentLines[0]).toContain('PODTRAIL_SAMPLE_RATIO');
    expect(agentLines[0]).toContain('PODTRAIL_FLUSH_DEADLINE_MS');
    app.child.kill('SIGTERM');
    expect((await app.exited).signal).toBe('SIGTERM');
  }, 30_000);
});

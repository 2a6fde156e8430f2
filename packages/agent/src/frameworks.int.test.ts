import http from 'node:http';
import { int64ToNumber } from '@podtrail/contracts';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureBuilt, load, readTopics, serverSpans, startApp, uniqueTopics } from './testing/harness.js';

const brokers = (): string => inject('kafkaBrokers') ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';

beforeAll(() => ensureBuilt());

function post(port: number, path: string, body: unknown): Promise<string> {
  return new Promise((res, rej) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json' } },
      (r) => {
        let data = '';
        r.on('data', (c: Buffer) => {
          data += c.toString();
        });
        r.on('end', () => res(data));
      },
    );
    req.on('error', rej);
    req.end(JSON.stringify(body));
  });
}

describe.each([
  { name: 'express (CommonJS)', script: 'express-app.cjs', route: '/users/:id', path: '/users' },
  { name: 'fastify (ES module)', script: 'fastify-app.mjs', route: '/items/:id', path: '/items' },
])('$name', ({ script, route, path }) => {
  it('one SERVER span per request with http.route, context kept across body parsing, per-route metrics', async () => {
    const topics = uniqueTopics(script.replace(/\W/g, ''));
    const app = await startApp(script, {
      KAFKA_BROKERS: brokers(),
      PODTRAIL_SERVICE_NAME: 'fw',
      PODTRAIL_TOPIC_SPANS: topics.spans,
      PODTRAIL_TOPIC_METRICS: topics.metrics,
      PODTRAIL_TOPIC_LIFECYCLE: topics.lifecycle,
      PODTRAIL_BATCH_DELAY_MS: '100',
    });
    const N = 40;
    expect((await load(app.port, `${path}/7`, N)).every((s) => s === 200)).toBe(true);
    expect(JSON.parse(await post(app.port, '/echo', { id: 42 }))).toEqual({ echoed: { id: '42' } });
    app.child.kill('SIGTERM');
    await app.exited;

    const data = await readTopics(
      brokers(),
      topics,
      (d) => serverSpans(d).length >= N + 2 && d.metrics.some((m) => m.metric.name === 'http.server.request.duration'),
    );
    const server = serverSpans(data);
    expect(server).toHaveLength(N + 2);
    const routed = server.filter((s) => s.attributes['http.route'] === route);
    expect(routed).toHaveLength(N + 1);
    expect(routed[0]!.span.name).toBe(`GET ${route}`);
    // POST /echo -> CLIENT -> GET <route> in the same trace
    const echo = server.find((s) => s.attributes['http.route'] === '/echo')!;
    expect(echo.span.name).toBe('POST /echo');
    const client = data.spans.find((s) => s.span.kind === 3 && s.traceId === echo.traceId)!;
    expect(client).toBeDefined();
    const callee = server.find((s) => s.parentSpanId === client.spanId)!;
    expect(callee.attributes['http.route']).toBe(route);
    expect(callee.traceId).toBe(echo.traceId);

    // per-route request counts and durations, from the stop flush
    let count = 0;
    for (const m of data.metrics.filter((x) => x.metric.name === 'http.server.request.duration'))
      for (const p of m.metric.histogram?.dataPoints ?? []) {
        const attrs = Object.fromEntries((p.attributes ?? []).map((kv) => [kv.key, kv.value]));
        if (attrs['http.route']?.stringValue === route && attrs['http.request.method']?.stringValue === 'GET')
          count += int64ToNumber(p.count);
      }
    expect(count).toBe(N + 1);
  }, 30_000);
});

import { Writable } from 'node:stream';
import type { PostMortemResponse, TokensResponse } from '@podtrail/contracts/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { otlpOnlyApp } from '../testing/otlp-only-app.js';
import { seedFixture } from '../testing/query-fixture.js';

/**
 * Store errors on the real app: a failing query is the API's error (never an empty answer), logged
 * and counted on `/metrics`; an empty table is an empty answer. A failing reload of the token table
 * keeps the tokens known so far, and is logged and counted too.
 */
const READ = 'read-token-api-errors-0001';
const ADMIN = 'admin-token-api-errors-0001';
const logLines: Array<{ level: number; msg: string; code?: string }> = [];
const stream = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString('utf8').split('\n')) if (line) logLines.push(JSON.parse(line));
    done();
  },
});
const collector = otlpOnlyApp({
  storePrefix: 'podtrail-api-errors-',
  config: { api: { rateLimitPerMin: 0 } },
  tokens: [
    { role: 'read', token: READ },
    { role: 'admin', token: ADMIN },
  ],
  build: { logger: { level: 'warn', stream } },
});
const target = collector.target;

beforeAll(async () => {
  await collector.app.ready();
  // no background reloads of the token table: every reload below is one the test makes
  collector.app.tokens.stop();
  await seedFixture(collector.app.ch);
});

async function get(url: string, token = READ) {
  return collector.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
}

/** A sample of the Prometheus text `/metrics` serves, 0 when the series has none yet. */
async function metric(series: string): Promise<number> {
  const res = await collector.app.inject({ url: '/metrics' });
  expect(res.statusCode).toBe(200);
  const line = res.body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

const POST_MORTEM_ERRORS =
  'podtrail_api_errors_total{route="/api/v1/pods/:namespace/:podName",kind="APM_ERR_API_QUERY_FAILED"}';

describe('store errors', () => {
  it('an empty logs table gives no last log lines, a missing one is the API error, logged and counted', async () => {
    const cart = await get('/api/v1/pods/shop/cart-ccc33');
    expect(cart.statusCode).toBe(200);
    expect((cart.json() as PostMortemResponse).instances.map((i) => [i.instanceId, i.lastLogs])).toEqual([
      ['c1', ['line 1', 'line 2']],
      ['c2', []],
    ]);
    const before = await get('/api/v1/pods/shop/checkout-bbb22');
    expect((before.json() as PostMortemResponse).instances[0]!.lastLogs).toEqual(['GET /view 200', 'about to die']);

    await collector.app.ch.writer.command({ query: `TRUNCATE TABLE ${target.database}.logs` });
    const empty = await get('/api/v1/pods/shop/checkout-bbb22');
    expect(empty.statusCode).toBe(200);
    expect((empty.json() as PostMortemResponse).instances[0]!.lastLogs).toEqual([]);
    // client errors are not failures
    expect((await get('/api/v1/velocity?from=yesterday')).statusCode).toBe(400);
    expect(await metric(POST_MORTEM_ERRORS)).toBe(0);
    expect(logLines.filter((l) => l.msg === 'query failed')).toEqual([]);

    await collector.app.ch.writer.command({ query: `DROP TABLE ${target.database}.logs` });
    const failed = await get('/api/v1/pods/shop/checkout-bbb22');
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toEqual({
      statusCode: 500,
      code: 'APM_ERR_API_QUERY_FAILED',
      error: 'Internal Server Error',
      message: 'the query failed',
    });
    expect(await metric(POST_MORTEM_ERRORS)).toBe(1);
    const logged = logLines.filter((l) => l.msg === 'query failed');
    expect(logged.map((l) => [l.level, l.code])).toEqual([[50, 'APM_ERR_API_QUERY_FAILED']]);
  });

  it('a failing reload of the token table keeps the known tokens, logged and counted', async () => {
    expect(await metric('podtrail_api_token_refresh_errors_total')).toBe(0);
    await collector.app.ch.writer.command({ query: `DROP TABLE ${target.database}.api_tokens` });
    const res = await get('/api/v1/tokens', ADMIN);
    expect(res.statusCode).toBe(200);
    expect((res.json() as TokensResponse).tokens.map((t) => [t.role, t.source])).toEqual([
      ['read', 'static'],
      ['admin', 'static'],
    ]);
    expect(await metric('podtrail_api_token_refresh_errors_total')).toBe(1);
    expect(logLines.filter((l) => l.msg.startsWith('could not reload api_tokens')).map((l) => l.level)).toEqual([40]);
    // the static tokens still work
    expect((await get('/api/v1/services')).statusCode).toBe(200);
  });
});

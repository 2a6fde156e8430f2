import { encodeOtlp, LIFECYCLE_ATTRS, LIFECYCLE_EVENTS } from '@podtrail/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { build } from '../app.js';
import { createTopics, queryRows, testConfig, waitFor } from '../testing/ingest-harness.js';
import { lifecycleRequest, podSpec, traceRequest } from '../testing/otlp-fixtures.js';

const brokers = inject('kafkaBrokers');
const cfg = testConfig(brokers, {logLevel: 'info'});
let app: FastifyInstance;
beforeAll(async () => {
  await createTopics(brokers, [cfg.topics.lifecycle, cfg.topics.spans, cfg.topics.metrics, cfg.topics.deadLetter, cfg.liveTopic], 4);
  app = await build(cfg, { live: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
  await waitFor(async () => (await app.inject({ url: '/readyz' })).statusCode, (s) => s === 200, 90_000, 100);
});
afterAll(async () => { await app?.close(); });

it('repro', async () => {
  const post = (url: string, body: Uint8Array) => app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-protobuf' }, payload: Buffer.from(body) });
  const now = Date.now();
  const pods = Array.from({ length: 5 }, (_, i) => podSpec('race', i, { workload: 'race', heartbeatMs: 600000 }));
  for (const p of pods) expect((await post('/v1/logs', encodeOtlp('logs', lifecycleRequest(p, LIFECYCLE_EVENTS.started, now - 360000)))).statusCode).toBe(200);
  await waitFor(() => queryRows(app, `SELECT 1 FROM ${cfg.database}.pods FINAL WHERE Workload='race'`), (r) => r.length === 5);
  for (const p of pods) expect((await post('/v1/traces', encodeOtlp('traces', traceRequest(p, { transactions: 12, startMs: now - 300000 })))).statusCode).toBe(200);
  const c = pods[4]!;
  expect((await post('/v1/logs', encodeOtlp('logs', lifecycleRequest(c, LIFECYCLE_EVENTS.crashed, now - 120000, { [LIFECYCLE_ATTRS.exceptionType]: 'Error' })))).statusCode).toBe(200);
  await new Promise((r) => setTimeout(r, 3000));
  const all = await queryRows(app, `SELECT PodName, toString(State) AS State, toString(Version) v, LastSeen, _part FROM ${cfg.database}.pods WHERE PodName={p:String} ORDER BY Version`, {p: c.podName});
  const tr = await queryRows(app, `SELECT Transition, Timestamp FROM ${cfg.database}.pod_transitions FINAL WHERE PodName={p:String}`, {p: c.podName});
  console.log(JSON.stringify(all), JSON.stringify(tr));
  const fin = await queryRows<{State: string}>(app, `SELECT toString(State) AS State FROM ${cfg.database}.pods FINAL WHERE PodName={p:String}`, {p: c.podName});
  expect(fin[0]?.State).toBe('crashed');
});

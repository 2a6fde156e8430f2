import { encodeOtlp, LIFECYCLE_ATTRS, LIFECYCLE_EVENTS } from '@podtrail/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { build } from '../app.js';
import { createTopics, queryRows, testConfig, waitFor } from '../testing/ingest-harness.js';
import { lifecycleRequest, podSpec, traceRequest } from '../testing/otlp-fixtures.js';

const brokers = inject('kafkaBrokers');
const cfg = testConfig(brokers, {logLevel: 'warn'});
let app: FastifyInstance;
beforeAll(async () => {
  await createTopics(brokers, [cfg.topics.lifecycle, cfg.topics.spans, cfg.topics.metrics, cfg.topics.deadLetter, cfg.liveTopic], 4);
  app = await build(cfg, { live: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
  if (process.env.REPRO_WAIT === '1') await waitFor(async () => (await app.inject({ url: '/readyz' })).statusCode, (s) => s === 200, 90_000, 50);
});
afterAll(async () => { await app?.close(); });

it('repro', async () => {
  const post = async (url: string, body: Uint8Array) => { const r = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-protobuf' }, payload: Buffer.from(body) }); expect(r.statusCode).toBe(200); };
  const now = Date.now();
  const N = 20;
  const pods = Array.from({ length: N }, (_, i) => podSpec('race', i, { workload: 'race', heartbeatMs: 600000 }));
  await Promise.all(pods.map(async (p, i) => {
    await new Promise((r) => setTimeout(r, i * 20));
    await post('/v1/logs', encodeOtlp('logs', lifecycleRequest(p, LIFECYCLE_EVENTS.started, now - 360000)));
    const gap = Math.round((i * 1500) / (N - 1));
    const t = Date.now();
    for (let k = 0; k < 3; k++) await post('/v1/traces', encodeOtlp('traces', traceRequest(p, { transactions: 50, startMs: now - 300000 + k * 1000 })));
    const left = gap - (Date.now() - t);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
    await post('/v1/logs', encodeOtlp('logs', lifecycleRequest(p, LIFECYCLE_EVENTS.crashed, now - 120000, { [LIFECYCLE_ATTRS.exceptionType]: 'Error' })));
  }));
  await new Promise((r) => setTimeout(r, 2000));
  const fin = await queryRows<{PodName: string; State: string}>(app, `SELECT PodName, toString(State) AS State FROM ${cfg.database}.pods FINAL WHERE Workload='race'`);
  const bad = fin.filter((r) => r.State !== 'crashed');
  for (const b of bad) {
    const all = await queryRows(app, `SELECT toString(State) AS State, toString(Version) v, LastSeen, CurrentInstanceId, _part FROM ${cfg.database}.pods WHERE PodName={p:String} ORDER BY Version`, {p: b.PodName});
    const tr = await queryRows(app, `SELECT Transition, Timestamp, InstanceId FROM ${cfg.database}.pod_transitions FINAL WHERE PodName={p:String}`, {p: b.PodName});
    const ins = await queryRows(app, `SELECT InstanceId, toString(State) AS State, toString(Version) v FROM ${cfg.database}.instances WHERE PodName={p:String}`, {p: b.PodName});
    console.log(b.PodName, JSON.stringify(all), JSON.stringify(tr), JSON.stringify(ins));
  }
  expect(fin.length).toBe(N);
  expect(bad).toEqual([]);
});

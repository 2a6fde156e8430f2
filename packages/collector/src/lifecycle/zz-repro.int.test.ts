import { encodeOtlp, LIFECYCLE_ATTRS, LIFECYCLE_EVENTS } from '@podtrail/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { build } from '../app.js';
import { createTopics, queryRows, testConfig, waitFor } from '../testing/ingest-harness.js';
import { lifecycleRequest, podSpec } from '../testing/otlp-fixtures.js';

const brokers = inject('kafkaBrokers');
const cfg = testConfig(brokers, {});
let app: FastifyInstance;
beforeAll(async () => {
  await createTopics(brokers, [cfg.topics.lifecycle, cfg.topics.spans, cfg.topics.metrics, cfg.liveTopic], 2);
  app = await build(cfg, { live: false, kafka: process.env.REPRO_KAFKA === '1' });
});
afterAll(async () => { await app?.close(); });

it('repro', async () => {
  const pods = Array.from({ length: 20 }, (_, i) => podSpec('race', i, { workload: 'race', heartbeatMs: 10000 }));
  const post = (body: Uint8Array) => app.inject({ method: 'POST', url: '/v1/logs', headers: { 'content-type': 'application/x-protobuf' }, payload: Buffer.from(body) });
  await Promise.all(pods.map(async (p, i) => {
    const gap = Math.round((i * 1500) / 19);
    await new Promise((r) => setTimeout(r, i * 37));
    const t = Date.now();
    const a = post(encodeOtlp('logs', lifecycleRequest(p, LIFECYCLE_EVENTS.started, t)));
    await new Promise((r) => setTimeout(r, gap));
    const b = post(encodeOtlp('logs', lifecycleRequest(p, LIFECYCLE_EVENTS.crashed, t + gap, { [LIFECYCLE_ATTRS.exceptionType]: 'Error', [LIFECYCLE_ATTRS.exceptionMessage]: 'boom' })));
    expect((await a).statusCode).toBe(200);
    expect((await b).statusCode).toBe(200);
  }));
  const rows = await waitFor(() => queryRows<{ PodName: string; State: string; v: string }>(app, `SELECT PodName, toString(State) AS State, toString(Version) v FROM ${cfg.database}.pods FINAL WHERE Workload = 'race' ORDER BY PodName`), (r) => r.length === 20);
  const all = await queryRows(app, `SELECT PodName, toString(State) AS State, toString(Version) v, FirstSeen FROM ${cfg.database}.pods WHERE Workload = 'race' ORDER BY PodName, Version`);
  const tr = await queryRows(app, `SELECT PodName, Transition, Timestamp FROM ${cfg.database}.pod_transitions FINAL WHERE Workload = 'race' ORDER BY PodName, Timestamp`);
  console.log(JSON.stringify(rows.filter((r) => r.State !== 'crashed')), JSON.stringify(all), JSON.stringify(tr));
  expect(rows.filter((r) => r.State !== 'crashed')).toEqual([]);
});

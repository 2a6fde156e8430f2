import type { AddressInfo } from 'node:net';
import { encodeOtlp } from '@podtrail/contracts';
import type { LiveServerMessage, VelocityResponse } from '@podtrail/contracts/api';
import { type ApdexCounts, bucketOfNs } from '@podtrail/contracts/rules';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { build } from '../app.js';
import { APDEX_TEST_TXS, apdexTestZones } from '../testing/apdex-transactions.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { createTopics, testConfig, waitFor } from '../testing/ingest-harness.js';
import { type PodSpec, podSpec, traceRequest } from '../testing/otlp-fixtures.js';

/**
 * Apdex is applied at read time on both paths: the same transactions, stored through the OTLP
 * receiver and streamed through the real live topic, get the same Apdex counts from the live hub
 * (latency histogram against T when the second closes) and from GET /velocity (raw spans against
 * T at query time), before and after the threshold changes.
 */
const brokers = inject('kafkaBrokers');
const chTarget = clickhouseTarget();
const cfg = testConfig(brokers, chTarget, { api: { liveGraceMs: 300, apdexThresholdMs: 50 } });
let app: FastifyInstance;
let ws: WebSocket | undefined;
const got: LiveServerMessage[] = [];

const TXS = APDEX_TEST_TXS;
const zones = apdexTestZones;

beforeAll(async () => {
  await createTopics(brokers, [...Object.values(cfg.topics), cfg.liveTopic], 2);
  app = await build(cfg, { logger: false, liveStartWaitMs: 30_000 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  await waitFor(
    async () => (await app.inject({ url: '/readyz' })).statusCode,
    (s) => s === 200,
    90_000,
    200,
  );
  const port = (app.server.address() as AddressInfo).port;
  ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live`);
  ws.on('message', (d) => got.push(JSON.parse(String(d)) as LiveServerMessage));
  await new Promise<void>((r, j) => {
    ws?.once('open', () => r());
    ws?.once('error', j);
  });
  ws.send(JSON.stringify({ type: 'subscribe' }));
  await waitFor(
    async () => got.some((m) => m.type === 'hello'),
    (ok) => ok,
  );
});

afterAll(async () => {
  ws?.close();
  await app?.close();
  await chTarget.cleanup();
});

/** Sends TXS for the pod (ending within a few seconds of now); returns the window they end in. */
async function sendTransactions(pod: PodSpec): Promise<{ fromMs: number; toMs: number }> {
  const startMs = Date.now() - 10_000;
  const req = traceRequest(pod, {
    transactions: TXS.length,
    startMs,
    durationMs: (i) => TXS[i]![0],
    status: (i) => (TXS[i]![1] ? 500 : 200),
  });
  const res = await app.inject({
    method: 'POST',
    url: '/v1/traces',
    headers: { 'content-type': 'application/x-protobuf' },
    payload: Buffer.from(encodeOtlp('traces', req)),
  });
  expect(res.statusCode).toBe(200);
  return { fromMs: Math.floor(startMs / 1000) * 1000, toMs: (Math.ceil(startMs / 1000) + 11) * 1000 };
}

/** Apdex counts of the pod summed over every tick received (late ones included). */
function live(pod: PodSpec): ApdexCounts & { count: number } {
  const out = { count: 0, satisfied: 0, tolerating: 0, frustrated: 0 };
  for (const m of got)
    if (m.type === 'tick')
      for (const p of m.pods)
        if (p.podName === pod.podName) {
          out.count += p.count;
          out.satisfied += p.satisfied;
          out.tolerating += p.tolerating;
          out.frustrated += p.frustrated;
        }
  return out;
}

async function rest(pod: PodSpec, w: { fromMs: number; toMs: number }): Promise<ApdexCounts & { count: number }> {
  const res = await app.inject({
    url: `/api/v1/velocity?from=${w.fromMs}&to=${w.toMs}&groupBy=pod&pod=${pod.podName}`,
  });
  expect(res.statusCode).toBe(200);
  const body = res.json() as VelocityResponse;
  expect(body.apdexSource).toBe('spans');
  const row = body.rows.find((r) => r.podName === pod.podName);
  const { satisfied, tolerating, frustrated } = row?.apdex ?? { satisfied: 0, tolerating: 0, frustrated: 0 };
  return { count: row?.count ?? 0, satisfied, tolerating, frustrated };
}

describe('Apdex at read time, live and REST', () => {
  it('agree on the same data, and both follow a threshold change', async () => {
    for (const t of [50, 250]) {
      for (const [ms] of TXS) {
        expect(bucketOfNs(ms * 1e6)).not.toBe(bucketOfNs(t * 1e6));
        expect(bucketOfNs(ms * 1e6)).not.toBe(bucketOfNs(4 * t * 1e6));
      }
    }
    const before = podSpec('apdex-live', 1);
    const w1 = await sendTransactions(before);
    const live1 = await waitFor(
      async () => live(before),
      (l) => l.count === TXS.length,
      30_000,
      100,
    );
    const rest1 = await rest(before, w1);
    expect(live1).toEqual({ count: TXS.length, ...zones(50) });
    expect(rest1).toEqual(live1);

    // the threshold changes (what a restart with PODTRAIL_APDEX_T_MS=250 does to both readers)
    app.config.api.apdexThresholdMs = 250;
    const after = podSpec('apdex-live', 2);
    const w2 = await sendTransactions(after);
    const live2 = await waitFor(
      async () => live(after),
      (l) => l.count === TXS.length,
      30_000,
      100,
    );
    expect(live2).toEqual({ count: TXS.length, ...zones(250) });
    expect(live2).not.toEqual(live1);
    expect(await rest(after, w2)).toEqual(live2);
    // REST applies the new T to what was stored before the change too: the same data, the same counts
    expect(await rest(before, w1)).toEqual(live2);
  });
});

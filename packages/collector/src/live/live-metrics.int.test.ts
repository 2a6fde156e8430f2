import type { AddressInfo } from 'node:net';
import type { LiveServerMessage } from '@podtrail/contracts/api';
import { bucketOfNs } from '@podtrail/contracts/rules';
import type { LivePodSecond, LiveRecord } from '@podtrail/contracts/wire';
import type { FastifyInstance } from 'fastify';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { createTopics, testConfig, testProducer, waitFor } from '../testing/ingest-harness.js';

/**
 * The live hub's statistics on the Prometheus endpoint of the real app (live topic on the real
 * broker): clients connected, ticks sent, rows and late rows, messages sent to and dropped from
 * client buffers, and the live topic reader (up, records read, lag per partition).
 */
const brokers = inject('kafkaBrokers');
const chTarget = clickhouseTarget();
const cfg = testConfig(brokers, chTarget, { api: { liveGraceMs: 300, liveBufferSize: 3 } });
let app: FastifyInstance;
let producer: Producer;
let ws: WebSocket | undefined;

beforeAll(async () => {
  await createTopics(brokers, [cfg.liveTopic], 2);
  app = await build(cfg, { kafka: false, liveStartWaitMs: 30_000 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  producer = await testProducer(brokers);
});
afterAll(async () => {
  ws?.close();
  await producer?.disconnect();
  await app?.close();
  await chTarget.cleanup();
});

/** `name{labels} value` lines of the exposition format. */
async function scrape(): Promise<Map<string, number>> {
  const res = await app.inject({ url: '/metrics' });
  expect(res.statusCode).toBe(200);
  const out = new Map<string, number>();
  for (const line of res.body.split('\n')) {
    if (!line.startsWith('podtrail_live_')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

const row = (ts: number, count: number): LivePodSecond => ({
  ts,
  serviceName: 'metrics-svc',
  namespace: 'shop',
  workload: 'metrics',
  podName: 'metrics-7d4b9c8f5-abcde',
  instanceId: 'i-1',
  count,
  errors: 0,
  durationSumMs: count * 10,
  durationMaxMs: 10,
  latency: [[bucketOfNs(10e6), count, 0]],
});

async function publish(rec: LiveRecord): Promise<void> {
  await producer.send({ topic: cfg.liveTopic, messages: [{ value: JSON.stringify(rec) }] });
}

/** The second's closing tick was received and its pod row came (in a partial tick or the closing one). */
function secondClosed(got: LiveServerMessage[], ts: number): boolean {
  const ticks = got.filter((x) => x.type === 'tick' && x.ts === ts);
  return (
    ticks.some((x) => x.type === 'tick' && x.partial !== true) &&
    ticks.reduce((n, x) => n + (x.type === 'tick' ? x.pods.length : 0), 0) === 1
  );
}

describe('live hub statistics on /metrics', () => {
  it('exports clients, ticks, rows, late rows, sent and dropped messages and the Kafka reader', async () => {
    const before = await scrape();
    expect(before.get('podtrail_live_clients')).toBe(0);
    expect(before.get('podtrail_live_kafka_up')).toBe(1);
    expect(before.get('podtrail_live_rows_total')).toBe(0);
    expect(before.get('podtrail_live_dropped_messages_total')).toBe(0);

    // one real WebSocket client that reads everything
    const port = (app.server.address() as AddressInfo).port;
    ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live`);
    const got: LiveServerMessage[] = [];
    ws.on('message', (d) => got.push(JSON.parse(String(d)) as LiveServerMessage));
    await new Promise<void>((r, j) => {
      ws?.once('open', () => r());
      ws?.once('error', j);
    });
    ws.send(JSON.stringify({ type: 'subscribe' }));
    // one stalled client (a socket that never drains): its buffer of 3 overflows
    const stalled = app.liveHub.subscribe({ canSend: () => false, send: () => {} });

    const now = Math.floor(Date.now() / 1000);
    await publish({ kind: 'pod-seconds', rows: [row(now + 1, 5)] });
    // a row for a second closed long ago: a late row, sent in a late tick
    await publish({ kind: 'pod-seconds', rows: [row(now - 30, 2)] });

    const m = await waitFor(
      scrape,
      (s) =>
        (s.get('podtrail_live_rows_total') ?? 0) === 2 &&
        secondClosed(got, now + 1) &&
        (s.get('podtrail_live_dropped_messages_total') ?? 0) > 0,
      30_000,
      200,
    );
    const ticksOnTime = m.get('podtrail_live_ticks_total{late="false"}') ?? 0;
    expect(m.get('podtrail_live_clients')).toBe(2);
    expect(m.get('podtrail_live_late_rows_total')).toBe(1);
    expect(m.get('podtrail_live_ticks_total{late="true"}')).toBe(1);
    expect(ticksOnTime).toBeGreaterThanOrEqual(2);
    expect(m.get('podtrail_live_bad_records_total')).toBe(0);
    // both rows are kept for replay (each pushed once: partial or closing tick, and the late tick)
    expect(m.get('podtrail_live_replay_rows')).toBe(2);
    expect(m.get('podtrail_live_replay_messages')).toBeGreaterThanOrEqual(2);
    expect(m.get('podtrail_live_kafka_messages_total')).toBe(2);
    expect(m.get('podtrail_live_kafka_errors_total')).toBe(0);
    expect(m.get('podtrail_live_kafka_up')).toBe(1);
    const lags = [...m.entries()].filter(([k]) => k.startsWith('podtrail_live_kafka_lag{'));
    expect(lags.length).toBeGreaterThanOrEqual(1);
    expect(lags.every(([, v]) => v === 0)).toBe(true);
    // the reading client got its hello and the ticks (at least the two above); the stalled one
    // kept 3 messages and dropped the rest (a tick may have happened since the scrape: <=)
    expect(m.get('podtrail_live_messages_sent_total')).toBeGreaterThanOrEqual(3);
    const dropped = m.get('podtrail_live_dropped_messages_total') ?? 0;
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThanOrEqual(stalled.droppedTotal);
    expect(stalled.queued).toBe(3);

    // a departed client's counts stay in the totals
    app.liveHub.unsubscribe(stalled);
    const after = await scrape();
    expect(after.get('podtrail_live_clients')).toBe(1);
    expect(after.get('podtrail_live_dropped_messages_total')).toBeGreaterThanOrEqual(stalled.droppedTotal);
  });
});

import { randomBytes } from 'node:crypto';
import type { LiveServerMessage } from '@podtrail/contracts/api';
import { bucketOfNs } from '@podtrail/contracts/rules';
import type { LivePodSecond, LiveRecord } from '@podtrail/contracts/wire';
import type { FastifyInstance } from 'fastify';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { CollectorMetrics } from '../collector-metrics.js';
import { KafkaClients } from '../kafka/index.js';
import { buildQueryApp } from '../testing/query-harness.js';

/**
 * Partial ticks on the real broker: rows of a second still open reach clients before the second
 * closes (a long grace here, so "before" is certain), the closing tick carries only the rest, and
 * a client that joins while the second is open gets what was already pushed. Counts are exact.
 */
const TOKEN = 'live-partial-token-0123456789';
const brokers = (process.env.KAFKA_BROKERS ?? inject('kafkaBrokers')).split(',');
const topic = `podtrail.live.partial-test-${randomBytes(4).toString('hex')}`;
const GRACE_MS = 15_000;

let app: FastifyInstance;
let kafkaClients: KafkaClients;
let producer: Producer;
let admin: ReturnType<Kafka['admin']>;

beforeAll(async () => {
  kafkaClients = new KafkaClients({
    config: { brokers, kafkaSecurity: {}, clientId: 'live-partial-test', liveTopic: topic, topicPartitions: 2 },
    metrics: new CollectorMetrics(),
  });
  app = await buildQueryApp({
    config: {
      staticTokens: [{ role: 'read', token: TOKEN }],
      liveGraceMs: GRACE_MS,
      livePartialMs: 250,
      liveReplaySeconds: 600,
      liveBufferSize: 10_000,
      bootstrapTokens: false,
    },
    live: { kafka: kafkaClients },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  await until(() => app.liveSource?.status.ready === true, 60_000);
  const kafka = new Kafka({ clientId: 'live-partial-test', brokers, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer();
  await producer.connect();
}, 120_000);

afterAll(async () => {
  await producer?.disconnect();
  await app?.close();
  await kafkaClients?.close();
  await admin?.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin?.disconnect();
});

type Tick = Extract<LiveServerMessage, { type: 'tick' }>;

class Client {
  readonly msgs: LiveServerMessage[] = [];
  readonly ws: WebSocket;
  constructor() {
    const port = (app.server.address() as { port: number }).port;
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live?token=${TOKEN}`);
    this.ws.on('open', () => this.ws.send(JSON.stringify({ type: 'subscribe' })));
    this.ws.on('message', (d) => this.msgs.push(JSON.parse(d.toString()) as LiveServerMessage));
  }
  ticks(): Tick[] {
    return this.msgs.filter((m): m is Tick => m.type === 'tick');
  }
  /** the pod's count over every tick of second ts */
  count(ts: number, pod: string): number {
    let n = 0;
    for (const t of this.ticks()) if (t.ts === ts) for (const p of t.pods) if (p.podName === pod) n += p.count;
    return n;
  }
  close(): void {
    this.ws.close();
  }
}

async function until(cond: () => boolean, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function row(ts: number, pod: string, count: number): LivePodSecond {
  return {
    ts,
    serviceName: 'svc',
    namespace: 'ns',
    workload: 'wl',
    podName: pod,
    instanceId: `${pod}-1`,
    count,
    errors: 0,
    durationSumMs: count,
    durationMaxMs: 1,
    latency: [[bucketOfNs(1e6), count, 0]],
  };
}

async function send(rec: LiveRecord): Promise<void> {
  await producer.send({ topic, messages: [{ value: JSON.stringify(rec) }] });
}

describe('partial ticks over the real broker', () => {
  it('push rows of an open second before it closes; the close brings the rest; a late joiner gets them too', async () => {
    const early = new Client();
    await until(() => early.msgs.some((m) => m.type === 'hello'));
    const ts = Math.floor(Date.now() / 1000);
    await send({ kind: 'pod-seconds', rows: [row(ts, 'p-1', 5), row(ts, 'p-2', 2)] });
    await send({ kind: 'pod-seconds', rows: [row(ts, 'p-1', 3)] });
    await until(() => early.count(ts, 'p-1') === 8 && early.count(ts, 'p-2') === 2);
    // all of it came in partial ticks: the second closes GRACE_MS after it ended
    const beforeClose = early.ticks().filter((t) => t.ts === ts);
    expect(beforeClose.length).toBeGreaterThan(0);
    expect(beforeClose.every((t) => t.partial === true)).toBe(true);

    const joined = new Client();
    await until(() => joined.count(ts, 'p-1') === 8);
    expect(joined.count(ts, 'p-2')).toBe(2);
    expect(
      joined
        .ticks()
        .filter((t) => t.ts === ts)
        .every((t) => t.partial === true),
    ).toBe(true);

    await send({ kind: 'pod-seconds', rows: [row(ts, 'p-1', 4)] });
    for (const c of [early, joined]) {
      await until(() => c.count(ts, 'p-1') === 12, 30_000);
      // the closing tick of ts (GRACE_MS later) adds nothing more
      await until(() => c.ticks().some((t) => t.ts === ts && !t.partial && !t.late), GRACE_MS + 30_000);
      expect(c.count(ts, 'p-1')).toBe(12);
      expect(c.count(ts, 'p-2')).toBe(2);
    }
    expect(app.liveHub.getStats().partialTicks).toBeGreaterThanOrEqual(2);
    early.close();
    joined.close();
  }, 120_000);
});

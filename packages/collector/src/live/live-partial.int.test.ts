import { randomBytes } from 'node:crypto';
import type { LiveRecord } from '@podtrail/contracts/wire';
import type { FastifyInstance } from 'fastify';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CollectorMetrics } from '../collector-metrics.js';
import { KafkaClients } from '../kafka/index.js';
import { LiveTestClient, podSecond } from '../testing/live-client.js';
import { buildQueryApp } from '../testing/query-harness.js';
import { waitForValue } from '../testing/wait-for.js';

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
  await waitForValue(() => app.liveSource?.status.ready === true, Boolean, {
    what: 'the live consumer to join',
    timeoutMs: 60_000,
  });
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

class Client extends LiveTestClient {
  constructor() {
    super(app, TOKEN);
  }
  /** the pod's count over every tick of second ts */
  count(ts: number, pod: string): number {
    let n = 0;
    for (const t of this.ticks()) if (t.ts === ts) for (const p of t.pods) if (p.podName === pod) n += p.count;
    return n;
  }
}

async function send(rec: LiveRecord): Promise<void> {
  await producer.send({ topic, messages: [{ value: JSON.stringify(rec) }] });
}

describe('partial ticks over the real broker', () => {
  it('push rows of an open second before it closes; the close brings the rest; a late joiner gets them too', async () => {
    const early = new Client();
    await early.hello();
    const ts = Math.floor(Date.now() / 1000);
    await send({ kind: 'pod-seconds', rows: [podSecond(ts, 'p-1', 5), podSecond(ts, 'p-2', 2)] });
    await send({ kind: 'pod-seconds', rows: [podSecond(ts, 'p-1', 3)] });
    await waitForValue(() => early.count(ts, 'p-1') === 8 && early.count(ts, 'p-2') === 2, Boolean, {
      what: 'the open second pushed',
      timeoutMs: 30_000,
    });
    // all of it came in partial ticks: the second closes GRACE_MS after it ended
    const beforeClose = early.ticks().filter((t) => t.ts === ts);
    expect(beforeClose.length).toBeGreaterThan(0);
    expect(beforeClose.every((t) => t.partial === true)).toBe(true);

    const joined = new Client();
    await waitForValue(() => joined.count(ts, 'p-1') === 8, Boolean, {
      what: 'the late joiner to get it',
      timeoutMs: 30_000,
    });
    expect(joined.count(ts, 'p-2')).toBe(2);
    expect(
      joined
        .ticks()
        .filter((t) => t.ts === ts)
        .every((t) => t.partial === true),
    ).toBe(true);

    await send({ kind: 'pod-seconds', rows: [podSecond(ts, 'p-1', 4)] });
    for (const c of [early, joined]) {
      await waitForValue(() => c.count(ts, 'p-1') === 12, Boolean, { what: 'the third part', timeoutMs: 30_000 });
      // the closing tick of ts (GRACE_MS later) adds nothing more
      await waitForValue(() => c.ticks().some((t) => t.ts === ts && !t.partial && !t.late), Boolean, {
        what: 'the closing tick',
        timeoutMs: GRACE_MS + 30_000,
      });
      expect(c.count(ts, 'p-1')).toBe(12);
      expect(c.count(ts, 'p-2')).toBe(2);
    }
    expect(app.liveHub.getStats().partialTicks).toBeGreaterThanOrEqual(2);
    await early.close();
    await joined.close();
  }, 120_000);
});

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
 * The live stream on the real broker: two "collectors" (two apps, each with its own hub and
 * consumer group) and two producers that each publish a part of the same pod-seconds, as two
 * ingest processes with split partitions do.
 */
const TOKEN = 'live-read-token-0123456789';
const brokers = (process.env.KAFKA_BROKERS ?? inject('kafkaBrokers')).split(',');
const topic = `podtrail.live.test-${randomBytes(4).toString('hex')}`;

let apps: FastifyInstance[] = [];
let clients: KafkaClients[] = [];
let producers: Producer[] = [];
let admin: ReturnType<Kafka['admin']>;

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const kafka = new KafkaClients({
      config: { brokers, kafkaSecurity: {}, clientId: 'live-test', liveTopic: topic, topicPartitions: 4 },
      metrics: new CollectorMetrics(),
    });
    clients.push(kafka);
    const app = await buildQueryApp({
      config: {
        staticTokens: [{ role: 'read', token: TOKEN }],
        liveGraceMs: 500,
        liveReplaySeconds: 600,
        liveBufferSize: 10_000,
        bootstrapTokens: false,
      },
      live: { kafka },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    apps.push(app);
  }
  // build() does not wait for the live consumer (production waits on /readyz): a hub only sees
  // what is published after it has joined, so wait for both before publishing
  await waitForValue(() => apps.every((a) => a.liveSource?.status.ready === true), Boolean, {
    what: 'both live consumers to join',
  });
  const kafka = new Kafka({ clientId: 'live-test', brokers, logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
  for (let i = 0; i < 2; i++) {
    const p = kafka.producer();
    await p.connect();
    producers.push(p);
  }
});

afterAll(async () => {
  for (const p of producers) await p.disconnect();
  for (const a of apps) await a.close();
  for (const c of clients) await c.close();
  try {
    await admin.deleteTopics({ topics: [topic] });
  } catch {
    /* best effort */
  }
  await admin.disconnect();
  apps = [];
  clients = [];
  producers = [];
});

class Client extends LiveTestClient {
  constructor(app: FastifyInstance, subscribe: Record<string, unknown> = {}) {
    super(app, TOKEN, subscribe);
  }
  /** per pod sum of counts (or of another field) over every tick received */
  totals(field: 'count' | 'satisfied' | 'tolerating' | 'frustrated' = 'count'): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.ticks()) for (const p of t.pods) out[p.podName] = (out[p.podName] ?? 0) + p[field];
    return out;
  }
  perSecond(): Map<string, number> {
    const out = new Map<string, number>();
    for (const t of this.ticks())
      for (const p of t.pods) out.set(`${t.ts}/${p.podName}`, (out.get(`${t.ts}/${p.podName}`) ?? 0) + p.count);
    return out;
  }
  seqs(): number[] {
    return this.msgs.filter((m) => 'seq' in m && m.type !== 'hello').map((m) => (m as { seq: number }).seq);
  }
}

async function send(p: Producer, rec: LiveRecord) {
  await p.send({ topic, messages: [{ value: JSON.stringify(rec) }] });
}

describe('live stream over the real broker', () => {
  it('every hub sums the partial rows of two producers per pod-second', async () => {
    const a = new Client(apps[0]!);
    const b = new Client(apps[1]!);
    await a.hello();
    await b.hello();
    const expected: Record<string, number> = {};
    const expectedPerSecond = new Map<string, number>();
    const note = (ts: number, pod: string, n: number) => {
      expected[pod] = (expected[pod] ?? 0) + n;
      expectedPerSecond.set(`${ts}/${pod}`, (expectedPerSecond.get(`${ts}/${pod}`) ?? 0) + n);
    };
    for (let s = 0; s < 4; s++) {
      const ts = Math.floor(Date.now() / 1000);
      for (let pod = 0; pod < 6; pod++) {
        const name = `pod-${pod}`;
        // producer 0 and 1 each hold part of the same pod-second (split partitions)
        const n0 = 10 + pod + s;
        const n1 = pod === 5 ? 0 : 3 * pod + 1;
        await send(producers[0]!, { kind: 'pod-seconds', rows: [podSecond(ts, name, n0)] });
        note(ts, name, n0);
        if (n1) {
          await send(producers[1]!, { kind: 'pod-seconds', rows: [podSecond(ts, name, n1)] });
          note(ts, name, n1);
        }
      }
      await new Promise((r) => setTimeout(r, 400));
    }
    await send(producers[1]!, {
      kind: 'transition',
      event: {
        ts: new Date().toISOString(),
        namespace: 'ns',
        workload: 'wl',
        serviceName: 'svc',
        podName: 'pod-9',
        instanceId: 'pod-9-1',
        transition: 'started',
        fromState: '',
        toState: 'running',
        reason: '',
        message: 'pod started; agent connected',
      },
    });
    for (const c of [a, b]) {
      // rows of one tick can arrive in any pod order: compare with sorted keys
      await waitForValue(
        () => JSON.stringify(sorted(c.totals())),
        (t) => t === JSON.stringify(sorted(expected)),
        {
          what: 'every pod-second summed',
          timeoutMs: 20_000,
        },
      );
      expect(c.totals()).toEqual(sorted(expected));
      // 1 ms transactions, against the hub's default T of 500 ms: all satisfied
      expect(sorted(c.totals('satisfied'))).toEqual(sorted(expected));
      expect(new Map([...c.perSecond()].sort())).toEqual(new Map([...expectedPerSecond].sort()));
      await waitForValue(() => c.msgs.some((m) => m.type === 'transition'), Boolean, {
        what: 'the transition',
        timeoutMs: 20_000,
      });
      const seqs = c.seqs();
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);
    }
    await a.close();
    await b.close();
  });

  it('a client that reconnects with `since` misses nothing', async () => {
    const first = new Client(apps[0]!, { filter: { workload: 'wl2' } });
    const hello = await first.hello();
    const expected: Record<string, number> = {};
    const publish = async (rounds: number) => {
      for (let s = 0; s < rounds; s++) {
        const ts = Math.floor(Date.now() / 1000);
        for (const pod of ['r-1', 'r-2']) {
          const rec = { ...podSecond(ts, pod, 7), workload: 'wl2' };
          await send(producers[s % 2]!, { kind: 'pod-seconds', rows: [rec] });
          expected[pod] = (expected[pod] ?? 0) + 7;
        }
        // noise for another workload, filtered out
        await send(producers[0]!, { kind: 'pod-seconds', rows: [podSecond(ts, 'other', 1)] });
        await new Promise((r) => setTimeout(r, 300));
      }
    };
    await publish(3);
    await waitForValue(
      () => first.totals()['r-1'] ?? 0,
      (n) => n > 0,
      { what: 'r-1 counted', timeoutMs: 20_000 },
    );
    const lastSeq = Math.max(...first.seqs());
    await first.close();
    await publish(4); // while disconnected
    const firstTotals = first.totals();
    const second = new Client(apps[0]!, { filter: { workload: 'wl2' }, since: lastSeq });
    await second.hello();
    const sum = () => {
      const out: Record<string, number> = { ...firstTotals };
      for (const [k, v] of Object.entries(second.totals())) out[k] = (out[k] ?? 0) + v;
      return out;
    };
    await waitForValue(
      () => JSON.stringify(sorted(sum())),
      (t) => t === JSON.stringify(sorted(expected)),
      {
        what: 'both sessions together to sum every pod-second',
        timeoutMs: 20_000,
      },
    );
    expect(sorted(sum())).toEqual(sorted(expected));
    expect(sum().other).toBeUndefined();
    // seqs: the second session continues right after the last one seen
    const seqs2 = second.seqs();
    expect(seqs2[0]).toBe(lastSeq + 1);
    expect(second.msgs.some((m) => m.type === 'dropped')).toBe(false);
    expect(hello.hubId).toBe((second.msgs.find((m) => m.type === 'hello') as { hubId: string }).hubId);
    await second.close();
  });
});

function sorted(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

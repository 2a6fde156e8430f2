import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { KafkaSecurity } from '@podtrail/contracts/kafka-security';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTopicsWithLeaders } from '../../../../../test/support/kafka.js';
import { waitForValue } from '../../testing/harness.js';
import { KafkaTransport } from '../kafka-transport.js';
import { KafkaProducer } from './producer.js';
import { KafkaError } from './protocol.js';

const brokers = (): string => inject('kafkaBrokers') ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer) => number;
const kafka = new Kafka({ brokers: brokers().split(','), logLevel: logLevel.NOTHING, clientId: 'producer-int-test' });
const unique = (what: string) => `producer-${what}-${randomUUID().slice(0, 8)}`;

interface StoredRecord {
  partition: number;
  offset: number;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Every record of `topic`, read from the beginning with kafkajs: once `count` have arrived, on to the
 * topic's end offsets (what was acknowledged before the call), so that a record beyond `count` is read.
 */
async function readRecords(topic: string, count: number): Promise<StoredRecord[]> {
  const consumer = kafka.consumer({ groupId: unique('reader'), maxWaitTimeInMs: 200 });
  const got: StoredRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      got.push({
        partition,
        offset: Number(message.offset),
        key: message.key?.toString() ?? '',
        value: message.value ?? Buffer.alloc(0),
        headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
      });
    },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitForValue(
      () => got.length,
      (n) => n >= count,
      { what: `${count} records on ${topic}`, timeoutMs: 20_000 },
    );
    const onTopic = (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    await waitForValue(
      () => got.length,
      (n) => n >= onTopic,
      { what: `the ${onTopic} records on ${topic} to be read`, timeoutMs: 20_000 },
    );
  } finally {
    await admin.disconnect();
    await consumer.disconnect();
  }
  return got.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

async function createTopic(
  topic: string,
  numPartitions: number,
  configEntries: { name: string; value: string }[] = [],
) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createTopicsWithLeaders(admin, [{ topic, numPartitions, configEntries }]);
  } finally {
    await admin.disconnect();
  }
}

const producers: KafkaProducer[] = [];
function producer(compression: 'gzip' | 'none' = 'gzip', security?: KafkaSecurity, via = brokers()): KafkaProducer {
  const p = new KafkaProducer({
    brokers: via.split(','),
    ...(security ? { security } : {}),
    clientId: 'producer-int-test',
    connectTimeoutMs: 3000,
    produceTimeoutMs: 5000,
    compression,
    headers: { 'content-type': 'application/x-protobuf', 'x-podtrail-instance': 'inst-1' },
  });
  producers.push(p);
  return p;
}
afterAll(() => {
  for (const p of producers) p.close();
});

describe('KafkaProducer on the real broker', () => {
  for (const compression of ['gzip', 'none'] as const) {
    it(`${compression}: each key on the partition kafkajs would pick, records in order with key and headers`, async () => {
      const topic = unique(`keys-${compression}`);
      await createTopic(topic, 5);
      const p = producer(compression);
      await p.connect([topic]);
      const keys = ['pod-a', 'pod-b', 'pod-c', 'pod-d'];
      for (const key of keys) {
        await p.send(topic, Buffer.from(key), [Buffer.from(`${key}/0`), Buffer.alloc(200_000, key)]);
        await p.send(topic, Buffer.from(key), [Buffer.from(`${key}/2`)]);
      }
      const records = await readRecords(topic, keys.length * 3);
      expect(records).toHaveLength(keys.length * 3);
      for (const key of keys) {
        const mine = records.filter((r) => r.key === key);
        const expectedPartition = (kafkajsMurmur2(Buffer.from(key)) & 0x7fffffff) % 5;
        expect(mine.map((r) => r.partition)).toEqual([expectedPartition, expectedPartition, expectedPartition]);
        expect(mine[0]!.value.toString()).toBe(`${key}/0`);
        expect(mine[1]!.value.equals(Buffer.alloc(200_000, key))).toBe(true);
        expect(mine[2]!.value.toString()).toBe(`${key}/2`);
        expect(mine[1]!.offset - mine[0]!.offset).toBe(1);
        for (const r of mine)
          expect(r.headers).toEqual({ 'content-type': 'application/x-protobuf', 'x-podtrail-instance': 'inst-1' });
      }
    });
  }

  it('creates a topic that does not exist yet and waits for its leader', async () => {
    const topic = unique('auto');
    const p = producer();
    await p.connect([]);
    await p.send(topic, Buffer.from('k'), [Buffer.from('first record of a new topic')]);
    const records = await readRecords(topic, 1);
    expect(records.map((r) => r.value.toString())).toEqual(['first record of a new topic']);
  });

  it('a batch the broker refuses as too large fails at once, not retriable, marked as refused', async () => {
    const topic = unique('too-large');
    await createTopic(topic, 1, [{ name: 'max.message.bytes', value: '10000' }]);
    const p = producer('none');
    await p.connect([topic]);
    const err = await p.send(topic, Buffer.from('k'), [Buffer.alloc(20_000, 1)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaError);
    expect((err as KafkaError).code).toBe(10);
    expect((err as KafkaError).message).toBe(`Produce to ${topic}[0]: MESSAGE_TOO_LARGE (10)`);
    expect((err as KafkaError).retriable).toBe(false);
    expect((err as KafkaError).recordsRefused).toBe(true);
  });

  it('no reachable bootstrap broker: connect fails with a retriable error naming the address', async () => {
    const p = new KafkaProducer({
      brokers: ['127.0.0.1:1'],
      clientId: 't',
      connectTimeoutMs: 1000,
      produceTimeoutMs: 1000,
      compression: 'gzip',
      headers: {},
    });
    const err = await p.connect(['x']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaError);
    expect((err as KafkaError).retriable).toBe(true);
    expect((err as Error).message).toMatch(/^Kafka broker 127\.0\.0\.1:1: connect ECONNREFUSED/);
    p.close();
  });
});

describe('KafkaProducer idempotence on the real broker', () => {
  it('a batch sent again (its answer lost, a leader gone after replicating it) is stored once', async () => {
    const topic = unique('idem-retry');
    await createTopic(topic, 3);
    const p = producer();
    await p.connect([topic]);
    const batch = await p.prepare(topic, Buffer.from('pod-a'), [Buffer.from('r1'), Buffer.from('r2')]);
    await p.sendBatch(batch);
    await p.sendBatch(batch); // what a retry after a lost answer does
    await p.send(topic, Buffer.from('pod-a'), [Buffer.from('r3')]);
    expect((await readRecords(topic, 3)).map((r) => r.value.toString())).toEqual(['r1', 'r2', 'r3']);
  });

  it("resent by the next connection's producer (same session) after a reconnect: stored once", async () => {
    const topic = unique('idem-reconnect');
    await createTopic(topic, 1);
    const first = producer();
    await first.connect([topic]);
    const batch = await first.prepare(topic, Buffer.from('pod-a'), [Buffer.from('once')]);
    await first.sendBatch(batch);
    first.close();
    const next = new KafkaProducer({
      brokers: brokers().split(','),
      clientId: 'producer-int-test',
      connectTimeoutMs: 3000,
      produceTimeoutMs: 5000,
      compression: 'gzip',
      headers: {},
      session: first.session,
    });
    producers.push(next);
    await next.connect([topic]);
    await next.sendBatch(batch);
    await next.send(topic, Buffer.from('pod-a'), [Buffer.from('after')]);
    expect((await readRecords(topic, 2)).map((r) => r.value.toString())).toEqual(['once', 'after']);
  });

  it('without idempotence the same resend is stored twice (what the producer id prevents)', async () => {
    const topic = unique('idem-off');
    await createTopic(topic, 1);
    const p = producer();
    p.session.disable('test');
    await p.connect([topic]);
    const batch = await p.prepare(topic, Buffer.from('pod-a'), [Buffer.from('twice')]);
    await p.sendBatch(batch);
    await p.sendBatch(batch);
    expect((await readRecords(topic, 2)).map((r) => r.value.toString())).toEqual(['twice', 'twice']);
  });

  it('a sequence gap (a batch refused or given up) is recovered under a new producer id', async () => {
    const topic = unique('idem-gap');
    await createTopic(topic, 1);
    const debug: string[] = [];
    const p = new KafkaProducer({
      brokers: brokers().split(','),
      clientId: 'producer-int-test',
      connectTimeoutMs: 3000,
      produceTimeoutMs: 5000,
      compression: 'none',
      headers: {},
      debug: (m) => debug.push(m),
    });
    producers.push(p);
    await p.connect([topic]);
    await p.send(topic, Buffer.from('k'), [Buffer.from('before')]);
    const id = p.session.id;
    p.session.take(topic, 0, 3); // three records numbered but never sent
    await p.send(topic, Buffer.from('k'), [Buffer.from('after the gap')]);
    expect(p.session.id?.id).not.toBe(id?.id);
    expect(debug.some((m) => /OUT_OF_ORDER_SEQUENCE_NUMBER \(45\); asking for a new producer id/.test(m))).toBe(true);
    expect((await readRecords(topic, 2)).map((r) => r.value.toString())).toEqual(['before', 'after the gap']);
  });
});

describe('KafkaTransport on the real broker', () => {
  it('drops and counts a message the broker refuses, and delivers what was queued behind it', async () => {
    const spans = unique('transport-spans');
    const lifecycle = unique('transport-lifecycle');
    await createTopic(spans, 1, [{ name: 'max.message.bytes', value: '10000' }]);
    await createTopic(lifecycle, 1);
    const transport = new KafkaTransport({
      brokers: brokers().split(','),
      topics: { spans, metrics: unique('transport-metrics'), lifecycle },
      key: 'pod-uid-1',
      instanceId: 'inst-1',
      compression: 'none',
      bufferMaxBytes: 1024 * 1024,
      batchMaxBytes: 1, // one message per send, so the refused one goes alone
    });
    try {
      transport.start();
      transport.enqueue({ signal: 'spans', value: Buffer.alloc(20_000, 1), items: 7 });
      transport.enqueue({ signal: 'spans', value: Buffer.from('small spans'), items: 2 });
      transport.enqueue({ signal: 'lifecycle', value: Buffer.from('an event'), items: 1 });
      expect(await transport.flush(15_000)).toBe(true);
      const stats = transport.stats();
      expect(stats.dropped).toEqual({ spans: 7, metrics: 0, lifecycle: 0, logs: 0 });
      expect(stats.droppedMessages).toBe(1);
      expect(stats.sentMessages).toBe(2);
      expect(stats.queuedMessages).toBe(0);
      const [storedSpans, storedEvents] = await Promise.all([readRecords(spans, 1), readRecords(lifecycle, 1)]);
      expect(storedSpans.map((r) => r.value.toString())).toEqual(['small spans']);
      expect(storedEvents.map((r) => [r.key, r.value.toString()])).toEqual([['pod-uid-1', 'an event']]);
    } finally {
      await transport.shutdown(1000);
    }
  });
});

describe("KafkaProducer on the broker's SASL and TLS listeners", () => {
  const secure = inject('kafkaSecure');

  for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
    it(`SASL ${mechanism}: authenticates, and what it sends is stored`, async () => {
      const topic = unique(`sasl-${mechanism}`);
      const p = producer(
        'gzip',
        { sasl: { mechanism, username: secure.username, password: secure.password } },
        secure.sasl,
      );
      await p.connect([topic]);
      await p.send(topic, Buffer.from('k'), [Buffer.from(`via ${mechanism}`)]);
      expect((await readRecords(topic, 1)).map((r) => r.value.toString())).toEqual([`via ${mechanism}`]);
    });
  }

  it("SASL with a wrong password: refused with the broker's reason, not retriable", async () => {
    const p = producer(
      'gzip',
      { sasl: { mechanism: 'scram-sha-256', username: secure.username, password: 'wrong' } },
      secure.sasl,
    );
    const err = await p.connect(['x']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaError);
    expect((err as KafkaError).code).toBe(58);
    expect((err as KafkaError).retriable).toBe(false);
    expect((err as Error).message).toMatch(
      new RegExp(`^SaslAuthenticate to ${secure.sasl}: SASL_AUTHENTICATION_FAILED \\(58\\): Authentication failed`),
    );
  });

  it("TLS with the broker's CA: what it sends is stored", async () => {
    const topic = unique('tls');
    const p = producer(
      'gzip',
      { tls: { ca: readFileSync(secure.caFile, 'utf8'), rejectUnauthorized: true } },
      secure.tls,
    );
    await p.connect([topic]);
    await p.send(topic, Buffer.from('k'), [Buffer.from('over TLS')]);
    expect((await readRecords(topic, 1)).map((r) => r.value.toString())).toEqual(['over TLS']);
  });

  it('TLS without trusting the self-signed certificate: the connection is refused, naming the broker', async () => {
    const p = producer('gzip', { tls: { rejectUnauthorized: true } }, secure.tls);
    const err = await p.connect(['x']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaError);
    expect((err as Error).message).toBe(`Kafka broker ${secure.tls}: self-signed certificate`);
  });
});

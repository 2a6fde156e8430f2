import { encodeOtlp, HEADERS, LIFECYCLE_EVENTS } from '@podtrail/contracts';
import type { FastifyInstance } from 'fastify';
import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { committed, endOffsets } from '../testing/collector-process.js';
import { count, createTopics, produce, testConfig, testProducer, waitFor } from '../testing/ingest-harness.js';
import {
  agentHeaders,
  encodeTraces,
  lifecycleRequest,
  metricsRequest,
  type PodSpec,
  podSpec,
  traceRequest,
} from '../testing/otlp-fixtures.js';
import { topicRecordCount, waitForCommittedOffsets, waitForValue } from '../testing/wait-for.js';
import { DLQ_HEADERS } from './dead-letters.js';

/**
 * Backpressure and poison records, in process (real broker, real chDB): ClickHouse made
 * unavailable with the writer's fault hook (chDB is in-process, so "down" is simulated at the
 * insert call: every insert fails with a connection error until the hook is removed).
 */
const brokers = inject('kafkaBrokers');
const chTarget = clickhouseTarget();
const cfg = testConfig(brokers, chTarget, { maxBodyBytes: 64 * 1024, batchMaxRows: 2000, ingestMaxRowsPerSec: 0 });
let app: FastifyInstance;
const admin = new Kafka({ clientId: 'test-admin', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();

beforeAll(async () => {
  await createTopics(brokers, [cfg.topics.spans, cfg.topics.metrics, cfg.topics.lifecycle, cfg.topics.deadLetter], 2);
  await admin.connect();
  app = await build(cfg, { live: false });
  await app.kafkaIngest?.joined;
});
afterAll(async () => {
  await admin.disconnect();
  await app?.close();
  await chTarget.cleanup();
});

const pods: PodSpec[] = [podSpec('orders', 1), podSpec('orders', 2)];

function spanRecords(n: number, tx: number, startMs: number) {
  return Array.from({ length: n }, (_, i) => {
    const pod = pods[i % 2] as PodSpec;
    return {
      key: pod.podUid,
      value: encodeTraces(traceRequest(pod, { transactions: tx, spansPerTransaction: 2, startMs: startMs + i * 10 })),
      headers: agentHeaders(pod.instanceId),
    };
  });
}

async function metric(name: string): Promise<number> {
  const text = await (await app.inject({ method: 'GET', url: '/metrics' })).body;
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .reduce((a, l) => a + Number(l.split(' ').at(-1)), 0);
}

describe('ClickHouse unavailable during ingest', () => {
  it('pauses, keeps the backlog in Kafka, retries with backoff and stores everything exactly once', async () => {
    const p = await testProducer(brokers);
    const base = Date.now() - 120_000;
    await produce(p, cfg.topics.spans, spanRecords(100, 10, base)); // 2,000 spans
    await waitFor(
      () => count(app, 'spans', "ServiceName = 'orders'"),
      (n) => n === 2000,
    );
    // the first 100 records are stored and committed before the outage begins
    expect(await waitForCommittedOffsets(admin, cfg.consumerGroup, cfg.topics.spans)).toBe(100);
    const committedBefore = await committed(brokers, cfg.consumerGroup, cfg.topics.spans);
    expect(committedBefore).toBe(100);

    // ClickHouse goes away
    let failures = 0;
    app.tables.setFaultInjector(() => {
      failures++;
      return new Error('connect ECONNREFUSED (simulated ClickHouse outage)');
    });
    await produce(p, cfg.topics.spans, spanRecords(400, 10, base + 10_000)); // 8,000 spans
    expect(await endOffsets(brokers, cfg.topics.spans)).toBe(committedBefore + 400);
    const seen = await waitFor(
      async () => failures,
      (n) => n >= 3,
      30_000,
    );
    // A commit past a failed insert would come before the consumer's next insert attempt (the
    // intent of the next chunk, or the batch's final commit): wait for one more attempt, then
    // nothing may have been committed.
    await waitForValue(
      () => failures,
      (n) => n > seen,
      { what: `an insert attempt after the ${seen} failed ones (the retry of the held batch)`, timeoutMs: 60_000 },
    );
    // nothing committed while down; consumption paused; gauges say so
    expect(await committed(brokers, cfg.consumerGroup, cfg.topics.spans)).toBe(committedBefore);
    expect(await metric('podtrail_store_up')).toBe(0);
    expect(await metric('podtrail_ingest_errors_total{kind="insert"}')).toBeGreaterThanOrEqual(3);
    const readyz = await app.inject({ method: 'GET', url: '/readyz' });
    expect(readyz.statusCode).toBe(200); // queries still served: the reader session is unaffected

    // more data arrives during the outage: Kafka holds it
    await produce(p, cfg.topics.spans, spanRecords(100, 10, base + 20_000)); // 2,000 spans
    await p.disconnect();

    // back
    app.tables.setFaultInjector(null);
    const total = await endOffsets(brokers, cfg.topics.spans);
    await waitFor(
      () => committed(brokers, cfg.consumerGroup, cfg.topics.spans),
      (n) => n === total,
      90_000,
    );
    expect(await count(app, 'spans', "ServiceName = 'orders'")).toBe(12_000);
    const tx = await app.ch.reader.query({
      query: `SELECT sum(Count) AS n FROM ${cfg.database}.tx_1s WHERE ServiceName = 'orders'`,
      format: 'JSONEachRow',
    });
    expect(Number(((await tx.json()) as { n: string }[])[0]?.n)).toBe(6000);
    expect(await metric('podtrail_store_up')).toBe(1);
  });
});

describe('poison records', () => {
  it('dead-letters malformed, truncated, oversized, wrong-version, empty and wrongly typed records on every topic; stores the valid ones around them', async () => {
    const pod = podSpec('poison', 1);
    const h = agentHeaders(pod.instanceId);
    const good = {
      spans: () => ({ key: pod.podUid, value: encodeTraces(traceRequest(pod, { transactions: 5 })), headers: h }),
      metrics: () => ({
        key: pod.podUid,
        value: Buffer.from(encodeOtlp('metrics', metricsRequest(pod, Date.now()))),
        headers: h,
      }),
      lifecycle: () => ({
        key: pod.podUid,
        value: Buffer.from(encodeOtlp('logs', lifecycleRequest(pod, LIFECYCLE_EVENTS.heartbeat, Date.now()))),
        headers: h,
      }),
    };
    const validTrace = encodeTraces(traceRequest(pod, { transactions: 20, spansPerTransaction: 3 }));
    const bad = [
      { reason: 'undecodable', value: Buffer.from('this is not protobuf at all \u0000\u00ff'), headers: h },
      { reason: 'undecodable', value: validTrace.subarray(0, Math.floor(validTrace.length / 2)), headers: h }, // truncated
      { reason: 'oversized', value: Buffer.alloc(70 * 1024, 0x0a), headers: h },
      { reason: 'schema-version', value: validTrace, headers: { ...h, [HEADERS.schemaVersion]: '99' } },
      { reason: 'empty', value: null, headers: h },
      { reason: 'content-type', value: validTrace, headers: { ...h, [HEADERS.contentType]: 'text/csv' } },
      {
        reason: 'undecodable',
        value: Buffer.from('{"resourceSpans": [{"scopeSpans": "nope"}]}'),
        headers: { ...h, [HEADERS.contentType]: 'application/json' },
      },
    ];
    const p = await testProducer(brokers);
    const sent: { topic: string; reason: string }[] = [];
    for (const [kind, topic] of [
      ['spans', cfg.topics.spans],
      ['metrics', cfg.topics.metrics],
      ['lifecycle', cfg.topics.lifecycle],
    ] as const) {
      const records = [];
      for (const b of bad) {
        records.push(good[kind]());
        records.push({ key: pod.podUid, value: b.value, headers: b.headers });
        sent.push({ topic, reason: b.reason });
      }
      records.push(good[kind]());
      await produce(p, topic, records);
    }
    await p.disconnect();

    for (const t of [cfg.topics.spans, cfg.topics.metrics, cfg.topics.lifecycle]) {
      const total = await endOffsets(brokers, t);
      await waitFor(
        () => committed(brokers, cfg.consumerGroup, t),
        (n) => n === total,
        60_000,
      );
    }
    // valid records around the poison are stored: 8 per topic
    expect(await count(app, 'spans', "ServiceName = 'poison'")).toBe(8 * 5);
    expect(await count(app, 'metrics', "ServiceName = 'poison'")).toBe(8 * 2);
    expect(await count(app, 'lifecycle_events', "ServiceName = 'poison'")).toBe(8);

    // every poison record is on the dead-letter topic with reason and source coordinates
    const dlq = await readTopic(cfg.topics.deadLetter, sent.length);
    const got = dlq.map((m) => ({
      topic: header(m, DLQ_HEADERS.sourceTopic),
      reason: header(m, DLQ_HEADERS.reason),
    }));
    const key = (x: { topic: string; reason: string }) => `${x.topic}/${x.reason}`;
    expect(got.map(key).sort()).toEqual(sent.map(key).sort());
    for (const m of dlq) {
      expect(header(m, DLQ_HEADERS.sourcePartition)).toMatch(/^\d+$/);
      expect(header(m, DLQ_HEADERS.sourceOffset)).toMatch(/^\d+$/);
      expect(header(m, DLQ_HEADERS.error).length).toBeGreaterThan(5);
    }
    const versionRecord = dlq.find((m) => header(m, DLQ_HEADERS.reason) === 'schema-version');
    expect(header(versionRecord as KafkaMessage, DLQ_HEADERS.error)).toContain('"99"');
    // the original bytes are kept for a replay (when not oversized)
    expect(versionRecord?.value?.equals(validTrace)).toBe(true);
    expect(await metric('podtrail_ingest_dead_lettered_total')).toBe(sent.length);
  });
});

function header(m: KafkaMessage, name: string): string {
  const v = m.headers?.[name];
  return v === undefined ? '' : String(Array.isArray(v) ? v[0] : v);
}

/**
 * Every record of `topic`, which must hold exactly `n`: called once the source topics are
 * committed, when the collector has sent all its dead letters (they go out before the commit).
 */
async function readTopic(topic: string, n: number): Promise<KafkaMessage[]> {
  expect(await topicRecordCount(admin, topic)).toBe(n);
  const kafka = new Kafka({ clientId: 'test-dlq-reader', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `dlq-reader-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const out: KafkaMessage[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => {
      out.push(message);
    },
  });
  try {
    await waitForValue(
      () => out.length,
      (x) => x >= n,
      { what: `the ${n} records of ${topic} to be read`, timeoutMs: 30_000 },
    );
  } finally {
    await consumer.disconnect();
  }
  expect(out).toHaveLength(n);
  return out;
}

import { readFileSync } from 'node:fs';
import type { KafkaSecurity } from '@podtrail/contracts/kafka-security';
import type { FastifyInstance } from 'fastify';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { count, testConfig, testProducer, waitFor } from '../testing/ingest-harness.js';
import { agentHeaders, encodeTraces, podSpec, traceRequest } from '../testing/otlp-fixtures.js';
import { waitForCommittedOffsets } from '../testing/wait-for.js';

/**
 * The collector on the broker's secured listeners (deploy/kafka/kafka.sh starts them next to the
 * plaintext one): it joins its group, creates its topics and stores what arrives, authenticated
 * with SCRAM, or over TLS trusting the broker's CA. Records are produced over plaintext.
 */
const secure = inject('kafkaSecure');
const chTarget = clickhouseTarget();
let producer: Producer;
let app: FastifyInstance | undefined;

beforeAll(async () => {
  producer = await testProducer(inject('kafkaBrokers'));
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(async () => {
  await producer?.disconnect();
  await chTarget.cleanup();
});

async function storesSpansVia(service: string, brokers: string, kafkaSecurity: KafkaSecurity): Promise<void> {
  const cfg = testConfig(brokers, chTarget, { kafkaSecurity, logLevel: 'silent' });
  app = await build(cfg, { live: false });
  await waitFor(
    async () => (await app!.inject({ url: '/readyz' })).statusCode,
    (code) => code === 200,
    60_000,
  );
  const pod = podSpec(service, 1);
  await producer.send({
    topic: cfg.topics.spans,
    messages: [
      {
        key: pod.podUid,
        value: encodeTraces(traceRequest(pod, { transactions: 5, spansPerTransaction: 2 })),
        headers: agentHeaders(pod.instanceId),
      },
    ],
  });
  expect(
    await waitFor(
      () => count(app!, 'spans', `ServiceName = '${service}'`),
      (n) => n >= 10,
      30_000,
    ),
  ).toBe(10);
  // nothing beyond the one record: no duplicates from the secured path either. Once the group
  // has committed the record (after its insert) nothing more can arrive.
  const plain = inject('kafkaBrokers');
  const admin = new Kafka({ clientId: 'test-admin', brokers: plain.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    expect(await waitForCommittedOffsets(admin, cfg.consumerGroup, cfg.topics.spans, { timeoutMs: 30_000 })).toBe(1);
  } finally {
    await admin.disconnect();
  }
  expect(await count(app!, 'spans', `ServiceName = '${service}'`)).toBe(10);
}

describe('collector on secured Kafka listeners', () => {
  it('SASL SCRAM-SHA-512: consumes and stores', async () => {
    await storesSpansVia('via-sasl', secure.sasl, {
      sasl: { mechanism: 'scram-sha-512', username: secure.username, password: secure.password },
    });
  });

  it('TLS with the broker CA: consumes and stores', async () => {
    await storesSpansVia('via-tls', secure.tls, {
      tls: { ca: readFileSync(secure.caFile, 'utf8'), rejectUnauthorized: true },
    });
  });
});

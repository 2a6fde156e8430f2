import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { count, produce, queryRows, testConfig, testProducer, waitFor } from '../testing/ingest-harness.js';
import { agentHeaders, encodeTraces, podSpec, traceRequest } from '../testing/otlp-fixtures.js';
import { topicRecordCount, waitForCommittedOffsets } from '../testing/wait-for.js';

const brokers = inject('kafkaBrokers');

describe('walking path: Kafka spans -> chDB', () => {
  const chTarget = clickhouseTarget();
  const cfg = testConfig(brokers, chTarget);
  let app: Awaited<ReturnType<typeof build>> | undefined;
  const admin = new Kafka({ clientId: 'test-admin', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  afterAll(async () => {
    await admin.disconnect();
    await app?.close();
    await chTarget.cleanup();
  });

  it('consumes OTLP protobuf spans with a consumer group and stores them per pod', async () => {
    const producer = await testProducer(brokers);
    const pods = [podSpec('checkout', 1), podSpec('checkout', 2), podSpec('cart', 3)];
    const perPod = [137, 200, 311];
    const records = pods.flatMap((pod, i) => {
      const out = [];
      let left = perPod[i] as number;
      while (left > 0) {
        const n = Math.min(20, left);
        left -= n;
        out.push({
          key: pod.podUid,
          value: encodeTraces(traceRequest(pod, { transactions: n, spansPerTransaction: 2 })),
          headers: agentHeaders(pod.instanceId),
        });
      }
      return out;
    });
    await produce(producer, cfg.topics.spans, records);
    await producer.disconnect();
    await admin.connect();
    expect(await topicRecordCount(admin, cfg.topics.spans)).toBe(records.length);
    app = await build(cfg, { live: false });
    const a = app;
    await waitFor(
      () => count(a, 'spans'),
      (n) => n >= 2 * (137 + 200 + 311),
      60_000,
    );
    // every record consumed and committed (after its insert): nothing more can arrive
    expect(await waitForCommittedOffsets(admin, cfg.consumerGroup, cfg.topics.spans)).toBe(records.length);
    expect(await count(a, 'spans')).toBe(2 * (137 + 200 + 311));
    const perPodRows = await queryRows<{ PodName: string; c: string }>(
      a,
      `SELECT PodName, count() AS c FROM ${cfg.database}.spans WHERE IsTransaction GROUP BY PodName`,
    );
    expect(perPodRows).toHaveLength(pods.length);
    const byPod = new Map(perPodRows.map((r) => [r.PodName, Number(r.c)]));
    for (const [i, p] of pods.entries()) expect(byPod.get(p.podName)).toBe(perPod[i]);
    // tx_1s aggregates the same transactions
    const tx = await queryRows<{ c: string }>(a, `SELECT sum(Count) AS c FROM ${cfg.database}.tx_1s`);
    expect(Number(tx[0]?.c)).toBe(137 + 200 + 311);
  });
});

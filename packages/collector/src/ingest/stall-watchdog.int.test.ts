import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { committed, endOffsets } from '../testing/collector-process.js';
import { count, createTopics, produce, testConfig, testProducer, waitFor } from '../testing/ingest-harness.js';
import { agentHeaders, encodeTraces, podSpec, traceRequest } from '../testing/otlp-fixtures.js';

/**
 * The stall watchdog (kafka-ingest.ts): a batch that hangs (here its first insert, held 45 s by
 * the writer's fault hook, not failing, so consumption is not paused) while its partition has lag
 * gets the consumer restarted after PODTRAIL_INGEST_STALL_MS; the next consumer resumes the
 * batch from its committed intent and everything is stored exactly once.
 */
const brokers = inject('kafkaBrokers');
const chTarget = clickhouseTarget();
const cfg = testConfig(brokers, chTarget, {
  ingestStallMs: 2_000,
  kafkaSessionTimeoutMs: 6_000,
  ingestMaxRowsPerSec: 0,
});
let app: FastifyInstance;

beforeAll(async () => {
  await createTopics(brokers, [cfg.topics.spans, cfg.topics.metrics, cfg.topics.lifecycle, cfg.topics.deadLetter], 1);
  app = await build(cfg, { live: false });
  await app.kafkaIngest?.joined;
});
afterAll(async () => {
  await app?.close();
  await chTarget.cleanup();
});

async function metric(name: string): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .reduce((a, l) => a + Number(l.split(' ').at(-1)), 0);
}

describe('ingest stall watchdog', () => {
  it('restarts a consumer whose batch hangs while its partition has lag; stores everything exactly once', async () => {
    const pod = podSpec('stalled', 1);
    let held = 0;
    app.tables.setFaultInjector((table) => (table === 'spans' && held++ === 0 ? { delayMs: 45_000 } : undefined));
    const p = await testProducer(brokers);
    const base = Date.now() - 60_000;
    const records = Array.from({ length: 50 }, (_, i) => ({
      key: pod.podUid,
      value: encodeTraces(traceRequest(pod, { transactions: 4, spansPerTransaction: 2, startMs: base + i * 10 })),
      headers: agentHeaders(pod.instanceId),
    }));
    await produce(p, cfg.topics.spans, records); // 400 spans
    await p.disconnect();
    const total = await endOffsets(brokers, cfg.topics.spans);
    expect(total).toBe(50);

    // stored and committed by the restarted consumer while the first one's insert still hangs
    const t0 = Date.now();
    await waitFor(
      () => committed(brokers, cfg.consumerGroup, cfg.topics.spans),
      (n) => n === total,
      60_000,
    );
    expect(await metric('podtrail_ingest_errors_total{kind="consumer-stall"}')).toBe(1);
    expect(await count(app, 'spans', "ServiceName = 'stalled'")).toBe(400);
    expect(held).toBe(2); // the hanging insert and its replay by the next consumer
    expect(Date.now() - t0).toBeLessThan(40_000); // before the hanging insert returned
    app.tables.setFaultInjector(null);
  });
});

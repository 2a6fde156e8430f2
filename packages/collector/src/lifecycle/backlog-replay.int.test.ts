import type { Pod, PodsResponse, VelocityResponse } from '@podtrail/contracts/api';
import type { FastifyInstance } from 'fastify';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { createTopics, produce, testConfig, testProducer, waitFor } from '../testing/ingest-harness.js';
import { agentHeaders } from '../testing/otlp-fixtures.js';
import { metricValue } from '../testing/prometheus-text.js';
import {
  encodeFleetTraces,
  expectedLifetimes,
  type FleetPod,
  type FleetSpan,
  fleetPods,
} from '../testing/span-only-fleet.js';

/**
 * A Kafka backlog replayed after a collector outage: spans of span-only pods produced before the
 * collector starts, most of them two hours old (far past the 300 s idle limit), a few recent.
 * The old pods end up ended — killed at their last span — not live, in /api/v1/pods and in the
 * velocity API; the recent ones are live. Each pod's spans are split over two records.
 */
const brokers = inject('kafkaBrokers');
const OLD = 300;
const RECENT = 20;
const chTarget = clickhouseTarget();
const cfg = testConfig(brokers, chTarget);
let app: FastifyInstance | undefined;
let producer: Producer;

beforeAll(async () => {
  await createTopics(brokers, [cfg.topics.spans, cfg.topics.metrics, cfg.topics.lifecycle, cfg.liveTopic], 2);
  producer = await testProducer(brokers);
});
afterAll(async () => {
  await app?.close();
  await producer?.disconnect();
  await chTarget.cleanup();
});

/** Two spans per pod from `startMs` on (pod i 1 s after pod i-1), sub-millisecond times. */
function spansOf(pods: FleetPod[], startMs: number): [FleetSpan[], FleetSpan[]] {
  const a: FleetSpan[] = [];
  const b: FleetSpan[] = [];
  pods.forEach((pod, i) => {
    const s = BigInt(startMs + i * 1000) * 1_000_000n + 654_321n;
    a.push({ pod, startNs: s, endNs: s + 15_000_000n });
    b.push({ pod, startNs: s + 40_000_000n, endNs: s + 52_345_678n });
  });
  return [a, b];
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('a backlog replayed after an outage', () => {
  it('makes its old span-only pods ended at their last span, not live', async () => {
    const now = Date.now();
    const old = fleetPods(OLD, 'backlog');
    const recent = fleetPods(RECENT, 'backlog');
    const [oldA, oldB] = spansOf(old, now - 2 * 3_600_000);
    const [newA, newB] = spansOf(recent, now - 60_000);
    const record = (spans: FleetSpan[]) => ({
      key: spans[0]?.pod.podUid ?? null,
      value: encodeFleetTraces(spans),
      headers: agentHeaders(spans[0]?.pod.podUid ?? ''),
    });
    // 50 pods per record; a pod's second span in a later record
    const records = [];
    for (const spans of [oldA, oldB, newA, newB])
      for (let i = 0; i < spans.length; i += 50) records.push(record(spans.slice(i, i + 50)));
    await produce(producer, cfg.topics.spans, records);

    // the collector comes back
    app = await build(cfg, { live: false });
    const running = app;
    const from = iso(now - 3 * 3_600_000);
    const to = iso(now + 600_000);
    const list = async (query: Record<string, string>): Promise<PodsResponse> => {
      const res = await running.inject({ url: '/api/v1/pods', query: { namespace: 'backlog', from, to, ...query } });
      expect(res.statusCode).toBe(200);
      return res.json() as PodsResponse;
    };
    await waitFor(
      async () => (await list({ limit: '1' })).total,
      (n) => n === OLD + RECENT,
      150_000,
      500,
    );

    const pods = (await list({ limit: '5000' })).pods;
    const byName = new Map<string, Pod>(pods.map((p) => [p.podName, p]));
    const want = expectedLifetimes([...oldA, ...oldB, ...newA, ...newB]);
    const reason = 'no data for 300s (no agent heartbeats; its spans arrived late)';
    const oldWrong = old.filter((p) => {
      const got = byName.get(p.podName);
      const w = want.get(p.podName);
      return (
        !got ||
        !w ||
        got.state !== 'killed' ||
        got.endReason !== reason ||
        got.firstSeen !== iso(w.firstSeen) ||
        got.lastSeen !== iso(w.lastSeen) ||
        got.endedAt !== iso(w.lastSeen)
      );
    });
    expect(oldWrong.slice(0, 3).map((p) => byName.get(p.podName))).toEqual([]);
    const w0 = want.get(old[0]!.podName)!;
    expect(byName.get(old[0]!.podName)).toMatchObject({
      state: 'killed',
      firstSeen: iso(w0.firstSeen),
      lastSeen: iso(w0.lastSeen),
      endedAt: iso(w0.lastSeen),
    });
    for (const p of recent) {
      const w = want.get(p.podName)!;
      expect(byName.get(p.podName)).toMatchObject({
        state: 'running',
        endedAt: null,
        firstSeen: iso(w.firstSeen),
        lastSeen: iso(w.lastSeen),
      });
    }
    expect((await list({ state: 'running', limit: '5000' })).pods.map((p) => p.podName).sort()).toEqual(
      recent.map((p) => p.podName).sort(),
    );

    // the velocity board: over the whole backlog the old pods are there, ended; over the last
    // 15 minutes only the recent ones are, live
    const velocity = async (query: Record<string, string>) => {
      const res = await running.inject({
        url: '/api/v1/velocity',
        query: { groupBy: 'pod', namespace: 'backlog', ...query },
      });
      expect(res.statusCode).toBe(200);
      return (res.json() as VelocityResponse).rows;
    };
    const all = await velocity({ from, to });
    const oldNames = new Set(old.map((p) => p.podName));
    const oldRows = all.filter((r) => oldNames.has(r.podName));
    expect(oldRows).toHaveLength(OLD);
    expect(oldRows.filter((r) => r.state !== 'killed')).toEqual([]);
    expect(oldRows.reduce((n, r) => n + r.count, 0)).toBe(2 * OLD);
    const lastQuarter = await velocity({ from: 'now-15m' });
    expect(
      lastQuarter
        .filter((r) => r.state === 'running')
        .map((r) => r.podName)
        .sort(),
    ).toEqual(recent.map((p) => p.podName).sort());
    expect(lastQuarter.filter((r) => oldNames.has(r.podName))).toEqual([]);

    const text = (await running.inject({ url: '/metrics' })).body;
    expect(metricValue(text, 'podtrail_lifecycle_span_pods_registered_total', { state: 'ended' })).toBe(OLD);
    expect(metricValue(text, 'podtrail_lifecycle_span_pods_registered_total', { state: 'running' })).toBe(RECENT);
    expect(metricValue(text, 'podtrail_lifecycle_transitions_total', { transition: 'killed' })).toBe(OLD);
  }, 240_000);
});

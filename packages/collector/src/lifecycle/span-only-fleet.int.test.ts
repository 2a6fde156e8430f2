import type { Pod, PodsResponse } from '@podtrail/contracts/api';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../testing/ingest-harness.js';
import { otlpOnlyApp } from '../testing/otlp-only-app.js';
import { metricValue } from '../testing/prometheus-text.js';
import { encodeFleetTraces, expectedLifetimes, type FleetSpan, fleetPods } from '../testing/span-only-fleet.js';

/**
 * 25,000 pods known only from their spans (a stock OpenTelemetry SDK, no podtrail agent) arrive in
 * one burst of ten OTLP/HTTP requests: every one of them is registered, with first / last seen
 * equal to its oldest span start / newest span end (each pod's two spans travel in different
 * requests), looked up in batches (not one ClickHouse query per pod) and none dropped.
 */
const N = 25_000;
const GROUP = 5_000;
const collector = otlpOnlyApp();

const metrics = async () => (await collector.app.inject({ url: '/metrics' })).body;

describe('a burst of 25,000 span-only pods', () => {
  it('registers all of them, with the lifetimes of their spans, in batched look-ups', async () => {
    const pods = fleetPods(N, 'fleet');
    // the last 3 minutes (live pods: well inside the 300 s idle limit), sub-millisecond starts
    const base = BigInt(Date.now() - 180_000) * 1_000_000n;
    const first: FleetSpan[] = [];
    const second: FleetSpan[] = [];
    pods.forEach((pod, i) => {
      const s1 = base + BigInt(i) * 4_000_000n + 123_457n;
      first.push({ pod, startNs: s1, endNs: s1 + 20_500_000n });
      // odd pods: the second span starts earlier than the first; even pods: it ends later
      const s2 = i % 2 === 1 ? s1 - 10_000_001n : s1 + 30_999_999n;
      second.push({ pod, startNs: s2, endNs: s2 + BigInt(1 + (i % 7)) * 1_000_000n + 1n });
    });
    const bodies: Buffer[] = [];
    for (let g = 0; g < N; g += GROUP) {
      bodies.push(encodeFleetTraces(first.slice(g, g + GROUP)));
      bodies.push(encodeFleetTraces(second.slice(g, g + GROUP)));
    }
    const sent = await Promise.all(
      bodies.map((payload) =>
        collector.app.inject({
          method: 'POST',
          url: '/v1/traces',
          headers: { 'content-type': 'application/x-protobuf' },
          payload,
        }),
      ),
    );
    expect(sent.map((r) => r.statusCode)).toEqual(bodies.map(() => 200));

    const from = new Date(Number(base / 1_000_000n) - 60_000).toISOString();
    const to = new Date(Date.now() + 600_000).toISOString();
    // registered and stored: the pods the API lists
    await waitFor(
      async () => {
        const res = await collector.app.inject({
          url: '/api/v1/pods',
          query: { namespace: 'fleet', from, to, limit: '1' },
        });
        return (res.json() as PodsResponse).total;
      },
      (n) => n === N,
      150_000,
      500,
    );
    const listed: Pod[] = [];
    let total = -1;
    for (let offset = 0; offset < N; offset += 5000) {
      const res = await collector.app.inject({
        url: '/api/v1/pods',
        query: { namespace: 'fleet', from, to, limit: '5000', offset: String(offset) },
      });
      expect(res.statusCode).toBe(200);
      const page = res.json() as PodsResponse;
      total = page.total;
      listed.push(...page.pods);
    }
    expect(total).toBe(N);
    expect(new Set(listed.map((p) => p.podName)).size).toBe(N);

    const want = expectedLifetimes([...first, ...second]);
    const wrong = listed.filter((p) => {
      const w = want.get(p.podName);
      return (
        !w ||
        p.firstSeen !== new Date(w.firstSeen).toISOString() ||
        p.lastSeen !== new Date(w.lastSeen).toISOString() ||
        p.state !== 'running' ||
        p.endedAt !== null
      );
    });
    expect(wrong.slice(0, 3)).toEqual([]);
    // spot check of the exact values on one pod of each kind
    const odd = pods[1]!;
    expect(listed.find((p) => p.podName === odd.podName)).toMatchObject({
      firstSeen: new Date(Number(second[1]!.startNs / 1_000_000n)).toISOString(),
      lastSeen: new Date(Number(first[1]!.endNs / 1_000_000n)).toISOString(),
      podUid: odd.podUid,
      workload: odd.workload,
      instanceCount: 1,
    });

    const text = await metrics();
    expect(metricValue(text, 'podtrail_lifecycle_span_pods_registered_total', { state: 'running' })).toBe(N);
    expect(metricValue(text, 'podtrail_lifecycle_span_pods_registered_total', { state: 'ended' })).toBe(0);
    expect(metricValue(text, 'podtrail_lifecycle_transitions_total', { transition: 'started' })).toBe(N);
    expect(metricValue(text, 'podtrail_lifecycle_pending_span_pods_dropped_total')).toBe(0);
    expect(metricValue(text, 'podtrail_lifecycle_pending_span_pods')).toBe(0);
    expect(metricValue(text, 'podtrail_lifecycle_times_clamped_total', { bound: 'past' })).toBe(0);
    expect(metricValue(text, 'podtrail_lifecycle_times_clamped_total', { bound: 'future' })).toBe(0);
    // one query per pod would be 25,000: at most one per 5,000 pods per registering tick
    const lookups = metricValue(text, 'podtrail_lifecycle_pod_lookups_total');
    expect(lookups).toBeGreaterThanOrEqual(N / 5000);
    expect(lookups).toBeLessThanOrEqual(2 * bodies.length);
  }, 240_000);
});

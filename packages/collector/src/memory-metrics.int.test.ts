import { describe, expect, it } from 'vitest';
import { waitFor } from './testing/ingest-harness.js';
import { otlpOnlyApp } from './testing/otlp-only-app.js';
import { metricValue } from './testing/prometheus-text.js';
import { encodeFleetTraces, type FleetSpan, fleetPods } from './testing/span-only-fleet.js';

/**
 * `/metrics` says what the collector's memory is made of: the embedded engine's tracked memory and
 * allocator, the JS heap, and the lifecycle tracker's maps, which hold exactly the pods sent.
 */
const N = 37;
const collector = otlpOnlyApp();

const metrics = async () => (await collector.app.inject({ url: '/metrics' })).body;

describe('memory breakdown on /metrics', () => {
  it('exports the engine, JS and lifecycle tracker figures', async () => {
    const base = BigInt(Date.now() - 60_000) * 1_000_000n;
    const spans: FleetSpan[] = fleetPods(N, 'mem').map((pod, i) => {
      const startNs = base + BigInt(i) * 1_000_000_000n;
      return { pod, startNs, endNs: startNs + 5_000_000n };
    });
    const res = await collector.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf' },
      payload: encodeFleetTraces(spans),
    });
    expect(res.statusCode).toBe(200);

    // the candidates first, then (after their grace period) registered pods and instances
    const text = await waitFor(
      metrics,
      (t) =>
        metricValue(t, 'podtrail_lifecycle_tracked', { map: 'pods' }) === N &&
        metricValue(t, 'podtrail_lifecycle_tracked', { map: 'pending_span_pods' }) === 0,
      90_000,
      500,
    );
    const tracked = (map: string) => metricValue(text, 'podtrail_lifecycle_tracked', { map });
    expect([tracked('pods'), tracked('instances'), tracked('running')]).toEqual([N, N, N]);

    const js = (kind: string) => metricValue(text, 'podtrail_memory_js_bytes', { kind });
    expect(js('heap_used')).toBeGreaterThan(0);
    expect(js('heap_used')).toBeLessThanOrEqual(js('heap_total'));
    expect(js('rss')).toBeGreaterThan(js('heap_total'));

    // chDB runs in this process: its figures are part of the process's RSS
    if (collector.target.backend !== 'chdb') {
      // a ClickHouse server's memory is not this process's: no engine figures
      expect(text).not.toMatch(/^podtrail_engine_memory_tracked_bytes /m);
      return;
    }
    const engineTracked = metricValue(text, 'podtrail_engine_memory_tracked_bytes');
    expect(engineTracked).toBeGreaterThan(0);
    expect(engineTracked).toBeLessThan(js('rss'));
    const je = (kind: string) => metricValue(text, 'podtrail_engine_jemalloc_bytes', { kind });
    expect(je('allocated')).toBeGreaterThan(0);
    expect(je('active')).toBeGreaterThanOrEqual(je('allocated'));
    expect(je('resident')).toBeGreaterThan(0);
    expect(je('resident')).toBeLessThanOrEqual(js('rss'));
    expect(je('mapped')).toBeGreaterThanOrEqual(je('active'));
    // the pods' rows are in parts; the caches are there (and at most their 128 MiB bound)
    expect(metricValue(text, 'podtrail_engine_parts', { state: 'active' })).toBeGreaterThan(0);
    expect(text).toMatch(/^podtrail_engine_cache_bytes\{cache="mark"\} \d+$/m);
    expect(metricValue(text, 'podtrail_engine_cache_bytes', { cache: 'mark' })).toBeLessThanOrEqual(128 * 1024 * 1024);
    expect(metricValue(text, 'podtrail_engine_memory_sample_errors_total')).toBe(0);
  }, 120_000);
});

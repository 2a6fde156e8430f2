import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { CollectorMetrics } from '../collector-metrics.js';
import { TableWriter } from '../store/writer.js';
import { lifecycleEvent, podIdentity, sighting } from '../testing/lifecycle-events.js';
import { HB, T0 } from '../testing/lifecycle-machine-harness.js';
import { FORGET_ENDED_AFTER_MS, SIGHTING_GRACE_MS } from './lifecycle-machine.js';
import { PodLifecycleTracker } from './pod-lifecycle-tracker.js';

/**
 * The tracker's memory is bounded by what runs, not by what ever ran: 20,000 pods a day end and
 * must leave its maps once the forget horizon has passed (they stay in the store). A fake store
 * (writes counted, every look-up answered "unknown") stands in for ClickHouse.
 */
const log = { info: () => {}, debug: () => {}, error: () => {}, warn: () => {} } as unknown as FastifyBaseLogger;

function setup() {
  let now = T0;
  const queries: string[] = [];
  const written: Record<string, number> = {};
  const reader = {
    async query(p: { query: string }) {
      queries.push(p.query);
      return { json: async () => [] };
    },
  } as unknown as ClickHouseClient;
  const tables = new TableWriter(
    {
      insertTsv: async () => {},
      insertJson: async (table, body) => {
        written[table] = (written[table] ?? 0) + String(body).split('\n').length;
      },
    },
    'podtrail',
  );
  const tracker = new PodLifecycleTracker({
    tables,
    reader,
    database: 'podtrail',
    live: null,
    metrics: new CollectorMetrics(),
    log,
    vanishHeartbeats: 3,
    defaultHeartbeatIntervalMs: 5000,
    now: () => now,
  });
  return {
    tracker,
    queries,
    written,
    at: (ms: number) => {
      now = ms;
    },
  };
}

const EMPTY = { pods: 0, instances: 0, running: 0, pendingSpanPods: 0, knownAbsent: 0, pendingWrites: false };

describe('ended pods leave the tracker after the forget horizon', () => {
  it('N agent pods stopped and N span-only pods gone idle: every map empty once the horizon passed', async () => {
    const N = 2000;
    const { tracker, at, written } = setup();
    const agentPods = Array.from({ length: N }, (_, i) => podIdentity(`web-${i}`, `agent-${i}`));
    const spanPods = Array.from({ length: N }, (_, i) => podIdentity(`otel-${i}`, `spans-${i}`));
    await tracker.apply(agentPods.map((id) => lifecycleEvent('started', id, T0, { heartbeatIntervalMs: 60_000 })));
    tracker.observe(spanPods.map((id) => sighting(id, T0)));
    at(T0 + SIGHTING_GRACE_MS);
    await tracker.tick();
    expect(tracker.memory()).toEqual({ ...EMPTY, pods: 2 * N, instances: 2 * N, running: 2 * N });

    // the agent pods stop; the span-only ones send nothing more and end at the idle limit (5 min)
    const stopAt = T0 + SIGHTING_GRACE_MS + 1000;
    at(stopAt);
    await tracker.apply(agentPods.map((id) => lifecycleEvent('stopped', id, stopAt)));
    at(stopAt + 6 * 60_000);
    await tracker.tick();
    const ended = tracker.memory();
    expect(ended.running).toBe(0);
    expect(ended.pendingWrites).toBe(false);
    // ended, but within the horizon: still in memory (a late event needs no look-up)
    expect(ended.pods).toBe(2 * N);

    at(stopAt + 6 * 60_000 + FORGET_ENDED_AFTER_MS + 1);
    await tracker.tick();
    expect(tracker.memory()).toEqual(EMPTY);
    // and everything they did was written before they were forgotten
    expect(written['podtrail.pods']).toBeGreaterThanOrEqual(4 * N);
  });

  it('a running pod stays however old; a forgotten pod heard of again is looked up in the store', async () => {
    const { tracker, at, queries } = setup();
    const live = podIdentity('live-0', 'live-i');
    const gone = podIdentity('gone-0', 'gone-i');
    await tracker.apply([
      lifecycleEvent('started', live, T0, { heartbeatIntervalMs: HB }),
      lifecycleEvent('started', gone, T0, { heartbeatIntervalMs: HB }),
      lifecycleEvent('stopped', gone, T0 + 10),
    ]);
    const horizonPassed = T0 + FORGET_ENDED_AFTER_MS + 1000;
    at(horizonPassed);
    await tracker.apply([lifecycleEvent('heartbeat', live, horizonPassed, { heartbeatIntervalMs: HB })]);
    await tracker.tick();
    expect(tracker.memory()).toEqual({ ...EMPTY, pods: 1, instances: 1, running: 1 });
    const looked = queries.length;
    await tracker.apply([lifecycleEvent('stopped', gone, T0 + 10)]);
    expect(queries.length).toBe(looked + 1);
  });
});

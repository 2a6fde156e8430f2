import { PerformanceObserver } from 'node:perf_hooks';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { METRICS } from '@podtrail/contracts/semconv';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from './clock.js';
import { type RuntimeMetrics, startRuntimeMetrics } from './runtime-metrics.js';

/** A clock that stands still until the test moves it; due timers run in time order. */
class ManualClock implements Clock {
  private t = 0;
  private readonly timers: { at: number; every: number; fn: () => void; live: boolean }[] = [];

  now(): number {
    return this.t;
  }
  after(ms: number, fn: () => void): () => void {
    return this.schedule(ms, 0, fn);
  }
  every(ms: number, fn: () => void): () => void {
    return this.schedule(ms, ms, fn);
  }
  /** moves time forward by `ms`, running every timer that falls due on the way */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: (typeof this.timers)[number] | undefined;
      for (const x of this.timers) if (x.live && x.at <= end && (!next || x.at < next.at)) next = x;
      if (!next) break;
      this.t = next.at;
      if (next.every > 0) next.at += next.every;
      else next.live = false;
      next.fn();
    }
    this.t = end;
  }
  private schedule(ms: number, every: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, every, fn, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  }
}

class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

/** Allocates enough short-lived objects to force several young-generation collections. */
function churn(): number {
  let sum = 0;
  for (let round = 0; round < 20; round++) {
    const junk: { i: number; s: string }[] = [];
    for (let i = 0; i < 50_000; i++) junk.push({ i, s: `x${i}` });
    sum += junk.length;
  }
  return sum;
}

/**
 * Churns, then waits until its GC entries have been delivered: GC entries reach observers on a
 * later turn of the event loop, all observers in the same dispatch, so once a probe observer of
 * the test's own has seen them, the sampler's observer (when connected) has too.
 */
async function churnAndSettle(): Promise<void> {
  let seen = 0;
  const probe = new PerformanceObserver((list) => {
    seen += list.getEntries().length;
  });
  probe.observe({ entryTypes: ['gc'] });
  try {
    churn();
    while (seen === 0) await new Promise((r) => setImmediate(r));
  } finally {
    probe.disconnect();
  }
}

async function gcCount(reader: TestReader): Promise<number> {
  const { resourceMetrics } = await reader.collect();
  let count = 0;
  for (const scope of resourceMetrics.scopeMetrics)
    for (const metric of scope.metrics)
      if (metric.descriptor.name === METRICS.v8jsGcDuration)
        for (const point of metric.dataPoints) count += (point.value as { count: number }).count;
  return count;
}

describe('runtime metrics: GC sampling', () => {
  let runtime: RuntimeMetrics | undefined;
  afterEach(() => runtime?.stop());

  function start(gcSampleRatio: number, intervalMs: number, clock = new ManualClock()): TestReader {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    runtime = startRuntimeMetrics(provider.getMeter('test'), () => 0, { intervalMs, gcSampleRatio, clock });
    return reader;
  }

  it('observes every GC pause with ratio 1', async () => {
    const reader = start(1, 60_000);
    await churnAndSettle();
    expect(await gcCount(reader)).toBeGreaterThan(0);
  });

  it('observes nothing with ratio 0', async () => {
    const reader = start(0, 60_000);
    await churnAndSettle();
    expect(await gcCount(reader)).toBe(0);
  });

  it('observes only inside the window that opens each interval', async () => {
    // a 200 ms window at the start of every 4 s
    const clock = new ManualClock();
    const t0 = clock.now();
    const reader = start(0.05, 4000, clock);
    await churnAndSettle();
    const inFirstWindow = await gcCount(reader);
    expect(inFirstWindow).toBeGreaterThan(0);

    clock.advance(600); // window closed
    await churnAndSettle();
    expect(clock.now() - t0).toBeLessThan(4000); // still before the next window, or the check means nothing
    expect(await gcCount(reader)).toBe(inFirstWindow);

    clock.advance(t0 + 4050 - clock.now()); // the next window is open
    await churnAndSettle();
    expect(await gcCount(reader)).toBeGreaterThan(inFirstWindow);
  });
});

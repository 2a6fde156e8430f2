import { setTimeout as sleep } from 'node:timers/promises';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { type RuntimeMetrics, startRuntimeMetrics } from './runtime-metrics.js';

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

/** GC entries reach observers on a later turn of the event loop. */
async function settle(): Promise<void> {
  await sleep(20);
  await new Promise((r) => setImmediate(r));
}

async function gcCount(reader: TestReader): Promise<number> {
  const { resourceMetrics } = await reader.collect();
  let count = 0;
  for (const scope of resourceMetrics.scopeMetrics)
    for (const metric of scope.metrics)
      if (metric.descriptor.name === 'v8js.gc.duration')
        for (const point of metric.dataPoints) count += (point.value as { count: number }).count;
  return count;
}

describe('runtime metrics: GC sampling', () => {
  let runtime: RuntimeMetrics | undefined;
  afterEach(() => runtime?.stop());

  function start(gcSampleRatio: number, intervalMs: number): TestReader {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    runtime = startRuntimeMetrics(provider.getMeter('test'), () => 0, { intervalMs, gcSampleRatio });
    return reader;
  }

  it('observes every GC pause with ratio 1', async () => {
    const reader = start(1, 60_000);
    churn();
    await settle();
    expect(await gcCount(reader)).toBeGreaterThan(0);
  });

  it('observes nothing with ratio 0', async () => {
    const reader = start(0, 60_000);
    churn();
    await settle();
    expect(await gcCount(reader)).toBe(0);
  });

  it('observes only inside the window that opens each interval', async () => {
    // a 200 ms window at the start of every 4 s
    const t0 = Date.now();
    const reader = start(0.05, 4000);
    churn();
    await settle();
    const inFirstWindow = await gcCount(reader);
    expect(inFirstWindow).toBeGreaterThan(0);

    await sleep(Math.max(0, t0 + 600 - Date.now())); // window closed
    churn();
    await settle();
    expect(Date.now() - t0).toBeLessThan(4000); // still before the next window, or the check means nothing
    expect(await gcCount(reader)).toBe(inFirstWindow);

    await sleep(t0 + 4050 - Date.now()); // the next window is open
    churn();
    await settle();
    expect(await gcCount(reader)).toBeGreaterThan(inFirstWindow);
  });
});

import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import type { TransportStats } from '../transport/transport.js';
import { LOG_METRICS, registerLogMetrics } from './log-metrics.js';
import type { LogShipperStats } from './log-shipper.js';

class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const transportStats = (logs: number): TransportStats => ({
  connected: true,
  queuedBytes: 0,
  queuedMessages: 0,
  sentMessages: 0,
  dropped: { spans: 5, metrics: 0, lifecycle: 0, logs },
  droppedMessages: 1,
  sendErrors: 0,
  lastError: undefined,
});

describe('registerLogMetrics', () => {
  it('reports totals: dropped = over budget + not encodable + log lines the transport dropped', async () => {
    const reader = new CollectingReader();
    const provider = new MeterProvider({ readers: [reader] });
    let shipper: LogShipperStats = { accepted: 10, droppedByBudget: 3, truncated: 1, unsent: 0 };
    let transportLogs = 0;
    registerLogMetrics(
      provider.getMeter('t'),
      () => shipper,
      () => transportStats(transportLogs),
    );
    const values = async () => {
      const { resourceMetrics } = await reader.collect();
      const out: Record<string, number> = {};
      for (const sm of resourceMetrics.scopeMetrics)
        for (const m of sm.metrics) out[m.descriptor.name] = m.dataPoints[0]!.value as number;
      return out;
    };
    expect(await values()).toEqual({
      [LOG_METRICS.dropped]: 3,
      [LOG_METRICS.truncated]: 1,
      [LOG_METRICS.accepted]: 10,
    });
    shipper = { accepted: 200, droppedByBudget: 1000, truncated: 2, unsent: 4 };
    transportLogs = 50;
    expect(await values()).toEqual({
      [LOG_METRICS.dropped]: 1054,
      [LOG_METRICS.truncated]: 2,
      [LOG_METRICS.accepted]: 200,
    });
    await provider.shutdown();
  });
});

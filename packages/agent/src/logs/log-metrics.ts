import type { Meter } from '@opentelemetry/api';
import type { TransportStats } from '../transport/transport.js';
import type { LogShipperStats } from './log-shipper.js';

/** Metric names of the agent's own log accounting (stored by the collector like any metric). */
export const LOG_METRICS = {
  dropped: 'podtrail.agent.logs.dropped',
  truncated: 'podtrail.agent.logs.truncated',
  accepted: 'podtrail.agent.logs.accepted',
} as const;

/**
 * Totals since the process started, as gauges (last value = total so far, so the pod's post-mortem
 * `lastMetrics` shows it). `dropped` = lines over the budget + lines of log messages the transport
 * dropped (buffer full while the destination was down, or refused) + lines that could not be encoded.
 */
export function registerLogMetrics(
  meter: Meter,
  shipper: () => LogShipperStats,
  transport: () => TransportStats,
): void {
  const dropped = meter.createObservableGauge(LOG_METRICS.dropped, {
    unit: '{line}',
    description: 'log lines captured but not delivered (over budget, or lost by the transport)',
  });
  const truncated = meter.createObservableGauge(LOG_METRICS.truncated, {
    unit: '{line}',
    description: 'log lines cut to PODTRAIL_LOG_MAX_LINE_BYTES',
  });
  const accepted = meter.createObservableGauge(LOG_METRICS.accepted, {
    unit: '{line}',
    description: 'log lines within the budget, handed to the transport',
  });
  meter.addBatchObservableCallback(
    (r) => {
      const s = shipper();
      r.observe(dropped, s.droppedByBudget + s.unsent + transport().dropped.logs);
      r.observe(truncated, s.truncated);
      r.observe(accepted, s.accepted);
    },
    [dropped, truncated, accepted],
  );
}

import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { ProtobufLogsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { Transport } from '../transport/transport.js';

/**
 * The metric and log exporters only serialize with the stock OTLP protobuf serializers and hand the bytes
 * to the transport, which owns buffering, batching into Kafka records and retries. Export thus
 * always succeeds at once from the SDK's point of view; losses are counted by the transport.
 * Spans take a leaner path: exporter/span-encoder.ts encodes each span as it ends.
 */
export class OtlpMetricExporter implements PushMetricExporter {
  constructor(private readonly transport: Transport) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    let points = 0;
    for (const sm of metrics.scopeMetrics) for (const m of sm.metrics) points += m.dataPoints.length;
    if (points === 0) {
      resultCallback({ code: ExportResultCode.SUCCESS });
      return;
    }
    resultCallback(
      enqueue(this.transport, 'metrics', points, () => ProtobufMetricsSerializer.serializeRequest(metrics)),
    );
  }

  /** Delta for counters and histograms: each record stands alone, so rows from pods that vanish add up. */
  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    switch (instrumentType) {
      case InstrumentType.COUNTER:
      case InstrumentType.OBSERVABLE_COUNTER:
      case InstrumentType.HISTOGRAM:
        return AggregationTemporality.DELTA;
      default:
        return AggregationTemporality.CUMULATIVE;
    }
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

export class OtlpLogExporter implements LogRecordExporter {
  constructor(private readonly transport: Transport) {}

  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    resultCallback(
      enqueue(this.transport, 'lifecycle', logs.length, () => ProtobufLogsSerializer.serializeRequest(logs)),
    );
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

function enqueue(
  transport: Transport,
  signal: 'spans' | 'metrics' | 'lifecycle',
  items: number,
  serialize: () => Uint8Array | undefined,
): ExportResult {
  if (items === 0) return { code: ExportResultCode.SUCCESS };
  try {
    const value = serialize();
    if (!value) return { code: ExportResultCode.FAILED, error: new Error(`could not serialize ${signal}`) };
    transport.enqueue({ signal, value, items });
    return { code: ExportResultCode.SUCCESS };
  } catch (err) {
    return { code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(String(err)) };
  }
}

import { context, metrics, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  type ReadableSpan,
  type Span,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { AgentConfig } from '../config.js';
import { OtlpLogExporter, OtlpMetricExporter, OtlpSpanExporter } from '../exporter/otlp-exporters.js';
import type { Transport } from '../transport/transport.js';

export const SCOPE = '@podtrail/agent';

/** A server span still running: what the crash and stop events report as in flight. */
export interface InFlightTransaction {
  traceId: string;
  spanId: string;
  method: string | undefined;
  route: string | undefined;
  url: string | undefined;
  startedAtMs: number;
}

/**
 * Tracks entry (SERVER) spans from start to end: a Set add/delete per request, read only when
 * a heartbeat, stop or crash event asks for the count or the list.
 */
export class InFlightProcessor implements SpanProcessor {
  private readonly active = new Set<Span>();

  get count(): number {
    return this.active.size;
  }

  onStart(span: Span): void {
    if (span.kind === SpanKind.SERVER) this.active.add(span);
  }

  onEnd(span: ReadableSpan): void {
    if (span.kind === SpanKind.SERVER) this.active.delete(span as unknown as Span);
  }

  list(): InFlightTransaction[] {
    const out: InFlightTransaction[] = [];
    for (const span of this.active) {
      const a = span.attributes;
      const sc = span.spanContext();
      const str = (k: string): string | undefined => (typeof a[k] === 'string' ? (a[k] as string) : undefined);
      out.push({
        traceId: sc.traceId,
        spanId: sc.spanId,
        method: str('http.request.method') ?? str('http.method'),
        route: str('http.route'),
        url: str('url.path') ?? str('http.target') ?? span.name,
        startedAtMs: span.startTime[0] * 1000 + Math.floor(span.startTime[1] / 1e6),
      });
    }
    return out;
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {
    this.active.clear();
  }
}

export interface Sdk {
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  loggerProvider: LoggerProvider;
  inFlight: InFlightProcessor;
  /** exports what the SDK still holds (span batch, pending metrics, log records) into the transport */
  forceFlush(timeoutMs: number): Promise<void>;
  shutdown(timeoutMs: number): Promise<void>;
}

export function createSdk(
  config: AgentConfig,
  attributes: Record<string, string | number>,
  transport: Transport,
  instrumentations: Instrumentation[],
): Sdk {
  const resource = resourceFromAttributes(attributes);
  const inFlight = new InFlightProcessor();
  const bsp = new BatchSpanProcessor(new OtlpSpanExporter(transport), {
    scheduledDelayMillis: config.batchDelayMs,
    maxExportBatchSize: 1024,
    maxQueueSize: 16_384,
    exportTimeoutMillis: 10_000,
  });
  const tracerProvider = new BasicTracerProvider({
    resource,
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [inFlight, bsp],
  });
  const metricReader = new PeriodicExportingMetricReader({
    exporter: new OtlpMetricExporter(transport),
    exportIntervalMillis: config.metricsIntervalMs,
    exportTimeoutMillis: Math.min(config.metricsIntervalMs, 10_000),
  });
  const meterProvider = new MeterProvider({ resource, readers: [metricReader] });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter: new OtlpLogExporter(transport) })],
  });

  const contextManager = new AsyncLocalStorageContextManager();
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  const unregister = registerInstrumentations({ instrumentations, tracerProvider, meterProvider });

  let shutDown = false;
  return {
    tracerProvider,
    meterProvider,
    loggerProvider,
    inFlight,
    async forceFlush(timeoutMs) {
      await withTimeout(
        Promise.allSettled([
          tracerProvider.forceFlush(),
          meterProvider.forceFlush({ timeoutMillis: timeoutMs }),
          loggerProvider.forceFlush(),
        ]),
        timeoutMs,
      );
    },
    async shutdown(timeoutMs) {
      if (shutDown) return;
      shutDown = true;
      unregister();
      await withTimeout(
        Promise.allSettled([
          tracerProvider.shutdown(),
          meterProvider.shutdown({ timeoutMillis: timeoutMs }),
          loggerProvider.shutdown(),
        ]),
        timeoutMs,
      );
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
    },
  };
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(undefined), ms);
    t.unref();
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(undefined);
      },
    );
  });
}


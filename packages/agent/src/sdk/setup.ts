import {
  type MeterProvider as ApiMeterProvider,
  context,
  createNoopMeter,
  metrics,
  propagation,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { RESOURCE_KEYS } from '@podtrail/contracts/constants';
import type { AgentConfig } from '../config.js';
import { OtlpLogExporter, OtlpMetricExporter } from '../exporter/otlp-exporters.js';
import { RecordTransactionsSampler, TransactionSpanProcessor } from '../exporter/span-processor.js';
import { RouteStats } from '../metrics/route-stats.js';
import type { Transport } from '../transport/transport.js';
import { instrumentHttpServer } from './http-server.js';
import { UrlTemplater } from './url-template.js';

export const SCOPE = '@podtrail/agent';

export interface Sdk {
  /** the pod/instance resource of every span, metric and log record */
  resource: Resource;
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  loggerProvider: LoggerProvider;
  /** tracks transactions in flight and exports sampled spans */
  spans: TransactionSpanProcessor;
  /** names requests without a framework route (lean server path only) */
  templater: UrlTemplater | undefined;
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
  const scope = { name: SCOPE, version: String(attributes[RESOURCE_KEYS.agentVersion] ?? '') };
  const routeStats = new RouteStats(resource, scope);
  const spans = new TransactionSpanProcessor(transport, routeStats, {
    delayMs: config.batchDelayMs,
    maxBatch: config.batchMaxSpans,
  });
  const tracerProvider = new BasicTracerProvider({
    resource,
    sampler: new RecordTransactionsSampler(
      new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    ),
    spanProcessors: [spans],
  });
  const metricReader = new PeriodicExportingMetricReader({
    exporter: new OtlpMetricExporter(transport),
    exportIntervalMillis: config.metricsIntervalMs,
    exportTimeoutMillis: Math.min(config.metricsIntervalMs, 10_000),
    metricProducers: [routeStats],
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
  // No meterProvider for the instrumentations: their per-request metric recording (generic attribute
  // hashing) is the costliest part of a metered request; RouteStats covers the server side cheaply.
  // (registerInstrumentations would fall back to the global meter provider: give them a no-op one.)
  const noMetrics: ApiMeterProvider = { getMeter: () => createNoopMeter() };
  const unregister = registerInstrumentations({ instrumentations, tracerProvider, meterProvider: noMetrics });

  const templater =
    config.httpServer === 'lean'
      ? new UrlTemplater({ rules: config.urlTemplates, maxNames: config.maxTransactionNames })
      : undefined;
  const unpatchServer = templater
    ? instrumentHttpServer(tracerProvider.getTracer(`${SCOPE}/http-server`, scope.version), {
        ignorePaths: new Set(config.ignorePaths),
        templater,
      })
    : () => {};

  let shutDown = false;
  return {
    resource,
    tracerProvider,
    meterProvider,
    loggerProvider,
    spans,
    templater,
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
      unpatchServer();
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

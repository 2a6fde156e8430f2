import { type IntervalHistogram, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { type Histogram, type Meter, ValueType } from '@opentelemetry/api';
import { METRICS, SEMCONV } from '@podtrail/contracts/semconv';
import { type Clock, systemClock } from './clock.js';

export interface RuntimeMetrics {
  stop(): void;
}

// perf_hooks 'gc' entry kinds (NODE_PERFORMANCE_GC_*)
const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };

/**
 * Runtime metrics (semantic-convention names where they exist), collected by the SDK's periodic
 * reader: event-loop delay, heap, RSS, GC time, CPU, active requests. Per-route request counts and
 * durations come from the HTTP instrumentation's `http.server.request.duration` histogram.
 */
export interface RuntimeMetricsOptions {
  /** the metrics export interval, ms: GC sampling windows repeat at this pace */
  intervalMs: number;
  /** fraction of each interval during which GC pauses are observed (0 = never, 1 = always) */
  gcSampleRatio: number;
  /** time source of the CPU utilization and the GC sampling windows (default: the system clock) */
  clock?: Clock;
}

export function startRuntimeMetrics(
  meter: Meter,
  activeRequests: () => number,
  options: RuntimeMetricsOptions,
): RuntimeMetrics {
  const eld: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  eld.enable();
  const clock = options.clock ?? systemClock;

  const p50 = meter.createObservableGauge(METRICS.nodejsEventLoopDelayP50, {
    description: 'Event loop delay, 50th percentile over the interval',
    unit: 's',
  });
  const p99 = meter.createObservableGauge(METRICS.nodejsEventLoopDelayP99, {
    description: 'Event loop delay, 99th percentile over the interval',
    unit: 's',
  });
  const max = meter.createObservableGauge(METRICS.nodejsEventLoopDelayMax, {
    description: 'Event loop delay, maximum over the interval',
    unit: 's',
  });
  const heapUsed = meter.createObservableGauge(METRICS.v8jsHeapUsed, { description: 'V8 heap used', unit: 'By' });
  const heapLimit = meter.createObservableGauge(METRICS.v8jsHeapLimit, {
    description: 'V8 heap size limit',
    unit: 'By',
  });
  const rss = meter.createObservableGauge(METRICS.processMemoryUsage, { description: 'Resident set size', unit: 'By' });
  const cpuTime = meter.createObservableCounter(METRICS.processCpuTime, {
    description: 'CPU time by mode',
    unit: 's',
    valueType: ValueType.DOUBLE,
  });
  const cpuUtil = meter.createObservableGauge(METRICS.processCpuUtilization, {
    description: 'CPU time over wall time since the last collection (1 = one core)',
    unit: '1',
  });
  const active = meter.createObservableGauge(METRICS.httpServerActiveRequests, {
    description: 'Incoming requests in flight',
    unit: '{request}',
  });
  const gcDuration = meter.createHistogram(METRICS.v8jsGcDuration, {
    description: 'Garbage collection pause duration',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] },
  });

  let lastCpu = process.cpuUsage();
  let lastWall = clock.now();

  const batchCallback = meter.addBatchObservableCallback(
    (obs) => {
      const toS = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0);
      if (eld.count > 0) {
        obs.observe(p50, toS(eld.percentile(50)));
        obs.observe(p99, toS(eld.percentile(99)));
        obs.observe(max, toS(eld.max));
      }
      eld.reset();
      const mem = process.memoryUsage();
      obs.observe(heapUsed, mem.heapUsed);
      obs.observe(heapLimit, getHeapStatistics().heap_size_limit);
      obs.observe(rss, mem.rss);
      const cpu = process.cpuUsage();
      obs.observe(cpuTime, cpu.user / 1e6, { [SEMCONV.cpuMode]: 'user' });
      obs.observe(cpuTime, cpu.system / 1e6, { [SEMCONV.cpuMode]: 'system' });
      const now = clock.now();
      const wallUs = (now - lastWall) * 1000;
      if (wallUs > 0) {
        obs.observe(cpuUtil, (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / wallUs);
      }
      lastCpu = cpu;
      lastWall = now;
      obs.observe(active, activeRequests());
    },
    [p50, p99, max, heapUsed, heapLimit, rss, cpuTime, cpuUtil, active],
  );

  const gcSampler = startGcSampler(gcDuration, options, clock);
  return {
    stop() {
      eld.disable();
      gcSampler.stop();
      meter.removeBatchObservableCallback(batchCallback as never, []);
    },
  };
}

/**
 * GC pauses are observed through a window at the start of each interval, not continuously: Node 20
 * builds a perf entry (with two deprecation wrappers) for every GC, and under load, at dozens of
 * scavenges a second, those short-lived objects were more than half of what the agent promoted
 * to the old generation (measured in docs/benchmarks.md). Pause durations within a window are
 * exact; the histogram's count is that of the sampled windows.
 */
function startGcSampler(gcDuration: Histogram, options: RuntimeMetricsOptions, clock: Clock): { stop(): void } {
  const ratio = options.gcSampleRatio;
  if (!(ratio > 0)) return { stop() {} };
  let observer: PerformanceObserver;
  try {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
        gcDuration.record(entry.duration / 1000, { [SEMCONV.v8jsGcType]: GC_KINDS[kind ?? 0] ?? 'other' });
      }
    });
    observer.observe({ entryTypes: ['gc'] });
  } catch {
    return { stop() {} };
  }
  if (ratio >= 1) return { stop: () => observer.disconnect() };
  const windowMs = Math.max(1, Math.round(options.intervalMs * ratio));
  const closeWindow = () => observer.disconnect();
  let cancelClose = clock.after(windowMs, closeWindow);
  const cancelInterval = clock.every(options.intervalMs, () => {
    observer.observe({ entryTypes: ['gc'] });
    cancelClose = clock.after(windowMs, closeWindow);
  });
  return {
    stop() {
      cancelInterval();
      cancelClose();
      observer.disconnect();
    },
  };
}

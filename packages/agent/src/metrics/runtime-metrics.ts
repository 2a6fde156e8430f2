import { type IntervalHistogram, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { type Histogram, type Meter, ValueType } from '@opentelemetry/api';

export interface RuntimeMetrics {
  /** p99 of the event-loop delay over the last collection interval, ms */
  eventLoopDelayP99Ms(): number | undefined;
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
}

export function startRuntimeMetrics(
  meter: Meter,
  activeRequests: () => number,
  options: RuntimeMetricsOptions,
): RuntimeMetrics {
  const eld: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  eld.enable();
  let lastP99: number | undefined;

  const p50 = meter.createObservableGauge('nodejs.eventloop.delay.p50', {
    description: 'Event loop delay, 50th percentile over the interval',
    unit: 's',
  });
  const p99 = meter.createObservableGauge('nodejs.eventloop.delay.p99', {
    description: 'Event loop delay, 99th percentile over the interval',
    unit: 's',
  });
  const max = meter.createObservableGauge('nodejs.eventloop.delay.max', {
    description: 'Event loop delay, maximum over the interval',
    unit: 's',
  });
  const heapUsed = meter.createObservableGauge('v8js.memory.heap.used', { description: 'V8 heap used', unit: 'By' });
  const heapLimit = meter.createObservableGauge('v8js.memory.heap.limit', {
    description: 'V8 heap size limit',
    unit: 'By',
  });
  const rss = meter.createObservableGauge('process.memory.usage', { description: 'Resident set size', unit: 'By' });
  const cpuTime = meter.createObservableCounter('process.cpu.time', {
    description: 'CPU time by mode',
    unit: 's',
    valueType: ValueType.DOUBLE,
  });
  const cpuUtil = meter.createObservableGauge('process.cpu.utilization', {
    description: 'CPU time over wall time since the last collection (1 = one core)',
    unit: '1',
  });
  const active = meter.createObservableGauge('http.server.active_requests', {
    description: 'Incoming requests in flight',
    unit: '{request}',
  });
  const gcDuration = meter.createHistogram('v8js.gc.duration', {
    description: 'Garbage collection pause duration',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] },
  });

  let lastCpu = process.cpuUsage();
  let lastWall = performance.now();

  const batchCallback = meter.addBatchObservableCallback(
    (obs) => {
      const toS = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0);
      if (eld.count > 0) {
        obs.observe(p50, toS(eld.percentile(50)));
        obs.observe(p99, toS(eld.percentile(99)));
        obs.observe(max, toS(eld.max));
        lastP99 = eld.percentile(99) / 1e6;
      }
      eld.reset();
      const mem = process.memoryUsage();
      obs.observe(heapUsed, mem.heapUsed);
      obs.observe(heapLimit, getHeapStatistics().heap_size_limit);
      obs.observe(rss, mem.rss);
      const cpu = process.cpuUsage();
      obs.observe(cpuTime, cpu.user / 1e6, { 'cpu.mode': 'user' });
      obs.observe(cpuTime, cpu.system / 1e6, { 'cpu.mode': 'system' });
      const now = performance.now();
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

  const gcSampler = startGcSampler(gcDuration, options);
  return {
    eventLoopDelayP99Ms: () => lastP99,
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
function startGcSampler(gcDuration: Histogram, options: RuntimeMetricsOptions): { stop(): void } {
  const ratio = options.gcSampleRatio;
  if (!(ratio > 0)) return { stop() {} };
  let observer: PerformanceObserver;
  try {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
        gcDuration.record(entry.duration / 1000, { 'v8js.gc.type': GC_KINDS[kind ?? 0] ?? 'other' });
      }
    });
    observer.observe({ entryTypes: ['gc'] });
  } catch {
    return { stop() {} };
  }
  if (ratio >= 1) return { stop: () => observer.disconnect() };
  const windowMs = Math.max(1, Math.round(options.intervalMs * ratio));
  let windowTimer: NodeJS.Timeout | undefined;
  const closeWindowLater = () => {
    windowTimer = setTimeout(() => observer.disconnect(), windowMs);
    windowTimer.unref();
  };
  closeWindowLater();
  const intervalTimer = setInterval(() => {
    observer.observe({ entryTypes: ['gc'] });
    closeWindowLater();
  }, options.intervalMs);
  intervalTimer.unref();
  return {
    stop() {
      clearInterval(intervalTimer);
      clearTimeout(windowTimer);
      observer.disconnect();
    },
  };
}

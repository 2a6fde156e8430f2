/**
 * The runtime snapshot each heartbeat (`podtrail.agent.heartbeat`) carries, so that an instance
 * killed without a word (SIGKILL, OOM kill, node loss) still leaves its last memory figures and
 * the transactions it was serving. Flat attributes on the lifecycle log record; the collector
 * reads them back by these keys.
 */
export const HEARTBEAT_ATTRS = {
  /** resident set size, bytes (same key as LIFECYCLE_ATTRS.rss) */
  rss: 'process.memory.usage',
  /** V8 heap used, bytes (same key as LIFECYCLE_ATTRS.heapUsed) */
  heapUsed: 'process.runtime.heap.used',
  /** V8 heap size limit (v8.getHeapStatistics().heap_size_limit), bytes */
  heapLimit: 'v8js.memory.heap.limit',
  /** memory of C++ objects bound to JS objects, bytes */
  external: 'process.runtime.memory.external',
  /** ArrayBuffers and SharedArrayBuffers (part of external), bytes */
  arrayBuffers: 'process.runtime.memory.array_buffers',
  /** event-loop delay since the previous heartbeat, ms */
  eventLoopDelayP99Ms: 'nodejs.eventloop.delay.p99_ms',
  eventLoopDelayMaxMs: 'nodejs.eventloop.delay.max_ms',
  /** the container's memory limit (cgroup), bytes; absent when there is none or it is unknown */
  containerMemoryLimit: 'podtrail.container.memory.limit',
  /** JSON array of InFlightSnapshotEntry: the oldest transactions running longer than the threshold */
  inFlight: 'podtrail.in_flight',
  /** how many transactions ran longer than the threshold (the list holds at most inFlightMax) */
  inFlightTotal: 'podtrail.in_flight.total',
  /** the threshold, ms */
  inFlightThresholdMs: 'podtrail.in_flight.threshold_ms',
} as const;

/** At most this many in-flight transactions travel with a heartbeat (the oldest). */
export const HEARTBEAT_IN_FLIGHT_MAX = 20;

/** One transaction in flight, as the stop/crash events and heartbeats carry it. */
export interface InFlightSnapshotEntry {
  traceId: string;
  spanId: string;
  method?: string;
  /** framework route, else the URL template the transaction will be named after */
  route?: string;
  /** URL path */
  url?: string;
  startedAtMs: number;
}

/**
 * Lifecycle events travel as OTLP log records (ExportLogsServiceRequest) following the
 * OpenTelemetry event conventions: the `event.name` attribute says which event it is.
 */
export const EVENT_NAME_KEY = 'event.name';

export const LIFECYCLE_EVENTS = {
  /** process started and the agent connected; attributes carry versions and ip */
  started: 'podtrail.agent.started',
  /** every heartbeat interval, with runtime state */
  heartbeat: 'podtrail.agent.heartbeat',
  /** graceful stop (SIGTERM/SIGINT) after a flush; carries in-flight transactions and last logs */
  stopped: 'podtrail.agent.stopped',
  /** uncaught exception or unhandled rejection; carries the stack, in-flight and last logs */
  crashed: 'podtrail.agent.crashed',
} as const;

export type LifecycleEventName = (typeof LIFECYCLE_EVENTS)[keyof typeof LIFECYCLE_EVENTS];

/** Attribute keys carried on lifecycle log records. */
export const LIFECYCLE_ATTRS = {
  exceptionType: 'exception.type',
  exceptionMessage: 'exception.message',
  exceptionStacktrace: 'exception.stacktrace',
  signal: 'podtrail.signal',
  /** JSON array of the last console/log lines */
  lastLogs: 'podtrail.last_logs',
  /** JSON array of {traceId, spanId, route, method, startedAtMs} still running */
  inFlight: 'podtrail.in_flight',
  heartbeatIntervalMs: 'podtrail.heartbeat.interval_ms',
  droppedSpans: 'podtrail.dropped.spans',
  droppedMetrics: 'podtrail.dropped.metrics',
  droppedEvents: 'podtrail.dropped.events',
  activeRequests: 'podtrail.active_requests',
  heapUsed: 'process.runtime.heap.used',
  /** resident set size, bytes: the name of the process.memory.usage metric */
  rss: 'process.memory.usage',
} as const;

/** Pod and instance end states as the collector records them. */
export const INSTANCE_STATES = ['running', 'stopped', 'crashed', 'killed', 'restarted'] as const;
export type InstanceState = (typeof INSTANCE_STATES)[number];

/** Pod transitions as the collector records them (`pod_transitions.Transition`). */
export const POD_TRANSITIONS = ['started', 'ready', 'restarted', 'stopped', 'crashed', 'killed'] as const;
export type PodTransitionName = (typeof POD_TRANSITIONS)[number];

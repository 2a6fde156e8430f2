import { type AnyValueMap, type Logger, SeverityNumber } from '@opentelemetry/api-logs';
import { EVENT_NAME_KEY, LIFECYCLE_ATTRS, LIFECYCLE_EVENTS, RESOURCE_KEYS } from '@podtrail/contracts/constants';
import { SEMCONV } from '@podtrail/contracts/semconv';
import type { InFlightTransaction } from '../sdk/in-flight.js';
import type { TransportStats } from '../transport/transport.js';

export interface LifecycleSources {
  logger: Logger;
  heartbeatMs: number;
  identity: Record<string, string | number>;
  inFlight: () => InFlightTransaction[];
  activeRequests: () => number;
  transportStats: () => TransportStats;
  lastLogs: () => string[];
  /** memory, event-loop delay and container limit (every event); the long-running transactions (heartbeats) */
  snapshot?: { runtime(): AnyValueMap; inFlight(): AnyValueMap };
}

export type StopReason = 'SIGTERM' | 'SIGINT' | 'exit' | 'shutdown';

const SIGNAL_NUMBERS: Record<string, number> = { SIGTERM: 15, SIGINT: 2 };

/** Emits the lifecycle events as OTLP log records carrying `event.name` (and LogRecord.eventName). */
export class LifecycleReporter {
  private readonly startedAt = Date.now();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private seq = 0;

  constructor(private readonly src: LifecycleSources) {}

  started(): void {
    const id = this.src.identity;
    const attrs: AnyValueMap = {
      [LIFECYCLE_ATTRS.heartbeatIntervalMs]: this.src.heartbeatMs,
      [RESOURCE_KEYS.podName]: id[RESOURCE_KEYS.podName],
      [RESOURCE_KEYS.instanceId]: id[RESOURCE_KEYS.instanceId],
      [RESOURCE_KEYS.hostIp]: id[RESOURCE_KEYS.hostIp],
      [RESOURCE_KEYS.processPid]: process.pid,
      [RESOURCE_KEYS.runtimeVersion]: process.versions.node,
      [RESOURCE_KEYS.agentVersion]: id[RESOURCE_KEYS.agentVersion],
      [SEMCONV.processRuntimeName]: 'nodejs',
      [SEMCONV.processCommandArgs]: JSON.stringify(process.argv.slice(1)),
      'v8js.version': process.versions.v8,
    };
    if (id[RESOURCE_KEYS.serviceVersion] !== undefined)
      attrs[RESOURCE_KEYS.serviceVersion] = id[RESOURCE_KEYS.serviceVersion];
    this.emit(LIFECYCLE_EVENTS.started, SeverityNumber.INFO, 'agent connected', attrs);
  }

  startHeartbeat(): void {
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.src.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
  }

  heartbeat(): void {
    const attrs = this.runtimeState();
    if (this.src.snapshot) Object.assign(attrs, this.src.snapshot.inFlight());
    this.emit(LIFECYCLE_EVENTS.heartbeat, SeverityNumber.DEBUG, 'heartbeat', attrs);
  }

  stopped(reason: StopReason, exitCode?: number): void {
    const attrs: AnyValueMap = {
      ...this.runtimeState(),
      'podtrail.stop.reason': reason,
      [LIFECYCLE_ATTRS.inFlight]: JSON.stringify(this.src.inFlight()),
      [LIFECYCLE_ATTRS.lastLogs]: JSON.stringify(this.src.lastLogs()),
    };
    if (reason === 'SIGTERM' || reason === 'SIGINT') {
      attrs[LIFECYCLE_ATTRS.signal] = reason;
      attrs['podtrail.signal.number'] = SIGNAL_NUMBERS[reason]!;
    }
    if (exitCode !== undefined) attrs[SEMCONV.processExitCode] = exitCode;
    this.emit(LIFECYCLE_EVENTS.stopped, SeverityNumber.INFO, `stopped (${reason})`, attrs);
  }

  crashed(err: unknown, origin: string): void {
    const e = toError(err);
    const attrs: AnyValueMap = {
      ...this.runtimeState(),
      [LIFECYCLE_ATTRS.exceptionType]: e.type,
      [LIFECYCLE_ATTRS.exceptionMessage]: e.message,
      [LIFECYCLE_ATTRS.exceptionStacktrace]: e.stack,
      'podtrail.crash.origin': origin,
      [LIFECYCLE_ATTRS.inFlight]: JSON.stringify(this.src.inFlight()),
      [LIFECYCLE_ATTRS.lastLogs]: JSON.stringify(this.src.lastLogs()),
    };
    this.emit(LIFECYCLE_EVENTS.crashed, SeverityNumber.FATAL, `crashed: ${e.type}: ${e.message}`, attrs);
  }

  private runtimeState(): AnyValueMap {
    const mem = process.memoryUsage();
    const t = this.src.transportStats();
    const state: AnyValueMap = {
      [LIFECYCLE_ATTRS.heartbeatIntervalMs]: this.src.heartbeatMs,
      [LIFECYCLE_ATTRS.heapUsed]: mem.heapUsed,
      'process.runtime.heap.total': mem.heapTotal,
      [LIFECYCLE_ATTRS.rss]: mem.rss,
      [LIFECYCLE_ATTRS.activeRequests]: this.src.activeRequests(),
      [LIFECYCLE_ATTRS.droppedSpans]: t.dropped.spans,
      [LIFECYCLE_ATTRS.droppedMetrics]: t.dropped.metrics,
      [LIFECYCLE_ATTRS.droppedEvents]: t.dropped.lifecycle,
      'podtrail.buffer.bytes': t.queuedBytes,
      'podtrail.transport.connected': t.connected,
      'podtrail.uptime_ms': Date.now() - this.startedAt,
      'podtrail.sequence': ++this.seq,
    };
    if (this.src.snapshot) Object.assign(state, this.src.snapshot.runtime());
    return state;
  }

  private emit(name: string, severityNumber: SeverityNumber, body: string, attributes: AnyValueMap): void {
    try {
      this.src.logger.emit({
        eventName: name,
        severityNumber,
        severityText: SeverityNumber[severityNumber],
        body,
        attributes: { [EVENT_NAME_KEY]: name, ...attributes },
      });
    } catch {
      // reporting must never throw into the app
    }
  }
}

export function toError(err: unknown): { type: string; message: string; stack: string } {
  if (err instanceof Error) {
    return {
      type: err.constructor?.name && err.constructor.name !== 'Error' ? err.constructor.name : err.name || 'Error',
      message: err.message,
      stack: err.stack ?? `${err.name}: ${err.message}`,
    };
  }
  const message = typeof err === 'string' ? err : safeJson(err);
  return { type: typeof err, message, stack: message };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

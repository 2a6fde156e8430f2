import { context, ROOT_CONTEXT, type SpanContext, trace } from '@opentelemetry/api';
import type { LogAttributes } from '@opentelemetry/api-logs';
import type { InstrumentationScope } from '@opentelemetry/core';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { LogShippingConfig } from '../config.js';
import type { Transport } from '../transport/transport.js';
import { LogBudget } from './log-budget.js';
import { lineSeverity, severityText } from './severity.js';
import type { StreamId } from './stdio-capture.js';

/** Attributes of a shipped line. */
export const LOG_ATTRS = {
  stream: 'log.iostream',
  truncated: 'podtrail.log.truncated',
  originalBytes: 'podtrail.log.original_bytes',
} as const;

/** Log records per OTLP request (one Kafka record) and the body bytes that close one early. */
const MAX_BATCH_LINES = 2000;
const MAX_BATCH_BYTES = 512 * 1024;

interface CapturedLine {
  timeMs: number;
  /** sub-millisecond sequence: keeps the written order of lines of the same millisecond */
  seq: number;
  body: string;
  stream: StreamId;
  consoleSeverity: number;
  spanContext: SpanContext | undefined;
  originalBytes: number;
}

export interface LogShipperStats {
  /** lines let through the budget */
  accepted: number;
  /** lines dropped by the rate/byte budget */
  droppedByBudget: number;
  /** lines cut to the line limit */
  truncated: number;
  /** lines let through but lost before the transport (could not be encoded) */
  unsent: number;
}

export interface LogShipperOptions {
  config: LogShippingConfig;
  transport: Transport;
  resource: Resource;
  scope: InstrumentationScope;
  now?: () => number;
}

/**
 * Continuous log shipping. On the write path (`add`) a line costs a budget check, a span-context
 * lookup and an array push; severity, attributes and protobuf serialization happen at flush, which a
 * timer runs at most `flushMs` after the first line of a batch was written (sooner when a batch fills).
 */
export class LogShipper {
  private readonly budget: LogBudget;
  private pending: CapturedLine[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private lastMs = 0;
  private seq = 0;
  private accepted = 0;
  private truncated = 0;
  private unsent = 0;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly opts: LogShipperOptions) {
    this.budget = new LogBudget(opts.config.maxLinesPerSec, opts.config.maxBytesPerSec);
    this.now = opts.now ?? Date.now;
  }

  /** The write path: never throws, never blocks. */
  add(body: string, stream: StreamId, consoleSeverity: number, originalBytes: number): void {
    if (this.closed) return;
    const timeMs = this.now();
    if (!this.budget.take(timeMs, () => Buffer.byteLength(body))) return;
    this.accepted++;
    if (originalBytes >= 0) this.truncated++;
    if (timeMs === this.lastMs) this.seq++;
    else {
      this.lastMs = timeMs;
      this.seq = 0;
    }
    this.pending.push({
      timeMs,
      seq: this.seq,
      body,
      stream,
      consoleSeverity,
      spanContext: trace.getSpanContext(context.active()),
      originalBytes,
    });
    this.pendingBytes += body.length;
    if (this.pending.length >= MAX_BATCH_LINES || this.pendingBytes >= MAX_BATCH_BYTES) this.flushSoon();
    else if (!this.timer) this.armTimer();
  }

  /** Serializes everything captured so far into the transport. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    while (this.pending.length > 0) {
      let n = 0;
      let bytes = 0;
      while (n < this.pending.length && n < MAX_BATCH_LINES && bytes < MAX_BATCH_BYTES)
        bytes += this.pending[n++]!.body.length;
      const batch = n === this.pending.length ? this.pending : this.pending.slice(0, n);
      this.pending = n === this.pending.length ? [] : this.pending.slice(n);
      this.pendingBytes -= bytes;
      this.send(batch);
    }
    this.pendingBytes = 0;
  }

  /** Flushes and stops capturing into this shipper. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  stats(): LogShipperStats {
    return {
      accepted: this.accepted,
      droppedByBudget: this.budget.dropped,
      truncated: this.truncated,
      unsent: this.unsent,
    };
  }

  private armTimer(): void {
    // created outside the writer's context: a request must not stay referenced by the timer
    context.with(ROOT_CONTEXT, () => {
      this.timer = setTimeout(() => this.flush(), this.opts.config.flushMs);
      this.timer.unref();
    });
  }

  private flushSoon(): void {
    if (this.immediate) return;
    context.with(ROOT_CONTEXT, () => {
      this.immediate = setImmediate(() => {
        this.immediate = undefined;
        this.flush();
      });
    });
  }

  private send(batch: CapturedLine[]): void {
    const { resource, scope, transport } = this.opts;
    const records: ReadableLogRecord[] = batch.map((l) => {
      const severityNumber = lineSeverity(l.body, l.consoleSeverity, l.stream);
      const attributes: LogAttributes = { [LOG_ATTRS.stream]: l.stream === 1 ? 'stdout' : 'stderr' };
      if (l.originalBytes >= 0) {
        attributes[LOG_ATTRS.truncated] = true;
        attributes[LOG_ATTRS.originalBytes] = l.originalBytes;
      }
      const hrTime: [number, number] = [
        Math.floor(l.timeMs / 1000),
        (l.timeMs % 1000) * 1_000_000 + Math.min(l.seq, 999_999),
      ];
      return {
        hrTime,
        hrTimeObserved: hrTime,
        spanContext: l.spanContext,
        severityNumber,
        severityText: severityText(severityNumber),
        body: l.body,
        resource,
        instrumentationScope: scope,
        attributes,
        droppedAttributesCount: 0,
      };
    });
    try {
      const value = ProtobufLogsSerializer.serializeRequest(records);
      if (value) transport.enqueue({ signal: 'logs', value, items: records.length });
      else this.unsent += records.length;
    } catch {
      // a line that cannot be encoded is lost (and counted), never thrown into the app
      this.unsent += records.length;
    }
  }
}

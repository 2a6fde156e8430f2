import {
  type Attributes as ApiAttributes,
  type Context,
  context,
  type Link,
  SpanKind,
  TraceFlags,
} from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import {
  type ReadableSpan,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { SEMCONV, SEMCONV_LEGACY } from '@podtrail/contracts/semconv';
import type { RouteStats } from '../metrics/route-stats.js';
import { type InFlightSnapshot, type InFlightTransaction, oldestStartedBefore } from '../sdk/in-flight.js';
import type { Transport } from '../transport/transport.js';
import { sanitizeDbStatement } from './sanitize-statement.js';
import { SpanBatchEncoder } from './span-encoder.js';

/** a transaction span's slot in TransactionSpanProcessor.slots */
const SLOT = Symbol('podtrail.in-flight.slot');
type Slotted = Span & { [SLOT]?: number };

export interface TransactionSpanProcessorOptions {
  /** spans per OTLP export request (one Kafka record) */
  maxBatch?: number;
  /** how long a partial batch may wait */
  delayMs: number;
  /** encoded bytes that close a batch early (a Kafka record must stay well below the broker's 1 MB limit) */
  maxBatchBytes?: number;
}

/**
 * The agent's only span processor, doing in one pass what would otherwise take three:
 * tracks transactions (SERVER spans) in flight, feeds per-route request stats, and batches sampled
 * spans into OTLP export requests for the transport. No queue of its own: each sampled span is
 * encoded as OTLP protobuf the moment it ends (see span-encoder.ts: the span object is not kept, which
 * is what keeps the agent's memory low under load), and a full batch is handed as one request to the
 * transport's byte-bounded buffer, which drops oldest when the destination is away, so memory stays
 * bounded and every drop is counted.
 */
export class TransactionSpanProcessor implements SpanProcessor {
  private readonly encoder = new SpanBatchEncoder();
  private timer: NodeJS.Timeout | undefined;
  /**
   * Transactions in flight, in reused slots (the span keeps its slot index). Not a Set: V8 allocates
   * the rehashed table of a long-lived Set straight in the old generation, and a Set that gains and
   * loses an entry per request is rehashed every few requests, which made the old generation grow by
   * megabytes a second under load.
   */
  private readonly slots: (Span | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private activeSize = 0;
  private readonly maxBatch: number;
  private readonly maxBatchBytes: number;
  /** spans that could not be encoded (an attribute value the encoder does not know how to write) */
  encodeFailures = 0;
  private readonly delayMs: number;
  private readonly flushBatch = () => {
    this.timer = undefined;
    this.exportBatch();
  };

  constructor(
    private readonly transport: Transport,
    private readonly routeStats: RouteStats | undefined,
    opts: TransactionSpanProcessorOptions,
  ) {
    this.maxBatch = opts.maxBatch ?? 1024;
    this.maxBatchBytes = opts.maxBatchBytes ?? 512 * 1024;
    this.delayMs = opts.delayMs;
  }

  get activeCount(): number {
    return this.activeSize;
  }

  onStart(span: Span): void {
    if (span.kind !== SpanKind.SERVER) return;
    const i = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slots.length;
    this.slots[i] = span;
    (span as Slotted)[SLOT] = i;
    this.activeSize++;
  }

  onEnd(span: ReadableSpan): void {
    if (span.kind === SpanKind.SERVER) {
      const i = (span as Slotted)[SLOT];
      if (i !== undefined && this.slots[i] === span) {
        this.slots[i] = undefined;
        this.freeSlots.push(i);
        this.activeSize--;
      }
      if (this.routeStats) {
        const a = span.attributes;
        const d = span.duration;
        const method = a[SEMCONV.httpRequestMethod];
        const route = a[SEMCONV.httpRoute];
        const status = a[SEMCONV.httpResponseStatusCode];
        this.routeStats.record(
          typeof method === 'string' ? method : '_OTHER',
          typeof route === 'string' ? route : '',
          typeof status === 'number' ? status : 0,
          d[0] + d[1] / 1e9,
        );
      }
    }
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    // SQL text leaves the process without its literal values (sanitize-statement.ts)
    if (span.kind === SpanKind.CLIENT) sanitizeDbStatement(span.attributes);
    if (!this.encoder.add(span)) {
      this.encodeFailures++;
      return;
    }
    if (this.encoder.count >= this.maxBatch || this.encoder.bytes >= this.maxBatchBytes) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.exportBatch();
    } else if (!this.timer) {
      this.timer = setTimeout(this.flushBatch, this.delayMs);
      this.timer.unref();
    }
  }

  list(): InFlightTransaction[] {
    const out: InFlightTransaction[] = [];
    for (const span of this.slots) if (span) out.push(toInFlight(span));
    return out.sort((x, y) => x.startedAtMs - y.startedAtMs);
  }

  /** Transactions in flight that started at or before `cutoffMs`: how many, and the `max` oldest. */
  startedBefore(cutoffMs: number, max: number): InFlightSnapshot {
    const r = oldestStartedBefore(this.slots, startMs, cutoffMs, max);
    return { total: r.total, oldest: r.oldest.map(toInFlight) };
  }

  async forceFlush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.exportBatch();
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    this.slots.length = 0;
    this.freeSlots.length = 0;
    this.activeSize = 0;
  }

  private exportBatch(): void {
    const items = this.encoder.count;
    const value = this.encoder.finish();
    if (!value) return;
    context.with(suppressTracing(context.active()), () => this.transport.enqueue({ signal: 'spans', value, items }));
  }
}

const startMs = (span: Span): number => span.startTime[0] * 1000 + Math.floor(span.startTime[1] / 1e6);

function toInFlight(span: Span): InFlightTransaction {
  const a = span.attributes;
  const sc = span.spanContext();
  const str = (k: string): string | undefined => (typeof a[k] === 'string' ? (a[k] as string) : undefined);
  return {
    traceId: sc.traceId,
    spanId: sc.spanId,
    method: str(SEMCONV.httpRequestMethod) ?? str(SEMCONV_LEGACY.httpMethod),
    route: str(SEMCONV.httpRoute),
    url: str(SEMCONV.urlPath) ?? str(SEMCONV_LEGACY.httpTarget) ?? span.name,
    startedAtMs: startMs(span),
  };
}

/**
 * Wraps the configured sampler so that incoming transactions are always *recorded*, sampled or not:
 * in-flight lists and per-route counts stay complete at any PODTRAIL_SAMPLE_RATIO, while only
 * sampled spans are exported and their children follow the sampling decision as usual.
 */
export class RecordTransactionsSampler implements Sampler {
  constructor(private readonly inner: Sampler) {}

  shouldSample(
    ctx: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: ApiAttributes,
    links: Link[],
  ): SamplingResult {
    const r = this.inner.shouldSample(ctx, traceId, spanName, spanKind, attributes, links);
    if (r.decision === SamplingDecision.NOT_RECORD && spanKind === SpanKind.SERVER)
      return { ...r, decision: SamplingDecision.RECORD };
    return r;
  }

  toString(): string {
    return `RecordTransactions{${this.inner.toString()}}`;
  }
}

import type { OtlpLogsRequest, OtlpMetricsRequest, OtlpSignal, OtlpTraceRequest } from '@podtrail/contracts';
import type { CollectorMetrics } from '../collector-metrics.js';
import type { LivePublisher } from '../kafka/live-publisher.js';
import type { TableWriter } from '../store/writer.js';
import { type Decoded, isRawTraces, type LifecycleSink } from './ingest-types.js';
import { InsertCoalescer, type InsertCoalescerOptions } from './insert-coalescer.js';
import { LIFECYCLE_COLUMNS, LOG_COLUMNS, LogBatch, logCount } from './logs.js';
import { countMetricPoints, METRIC_COLUMNS, MetricBatch } from './metrics.js';
import { SPAN_COLUMNS, SpanBatch } from './spans.js';

/** Rate limiter used to bound catch-up (rows per second). */
export class RowRateLimiter {
  private allowance: number;
  private last = performance.now();
  constructor(private readonly perSec: number) {
    this.allowance = perSec;
  }
  async take(rows: number): Promise<void> {
    if (this.perSec <= 0) return;
    for (;;) {
      const now = performance.now();
      this.allowance = Math.min(this.perSec, this.allowance + ((now - this.last) / 1000) * this.perSec);
      this.last = now;
      if (this.allowance >= rows || this.allowance >= this.perSec) {
        this.allowance -= rows;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.min(1000, ((rows - this.allowance) / this.perSec) * 1000)));
    }
  }
}

/** One signal: how to batch decoded requests and store a batch. */
export interface Sink<S extends OtlpSignal, B extends { rows: number; rejected: number }> {
  readonly signal: S;
  create(): B;
  /** items in a request, before validation (deterministic: used to split batches) */
  items(req: Decoded<S>): number;
  /** adds a request; returns how many of its items were refused */
  add(batch: B, req: Decoded<S>): number;
  /**
   * inserts the batch and runs the after-insert effects. With a deduplication token: an insert of
   * its own (the Kafka path); without one (OTLP/HTTP): rows shared with concurrent batches' inserts
   * (InsertCoalescer), resolved once stored.
   */
  store(batch: B, token: string | undefined): Promise<void>;
}

export interface PipelineDeps {
  tables: TableWriter;
  metrics: CollectorMetrics;
  live: LivePublisher | null;
  lifecycle: LifecycleSink | null;
  limiter: RowRateLimiter;
  /** how untokened (OTLP/HTTP) rows share inserts */
  coalesce: Omit<InsertCoalescerOptions, 'inFlight'>;
}

/** Shared inserts running at once per table (what arrives meanwhile joins the next one). */
const COALESCED_IN_FLIGHT = 2;

function countSpans(req: OtlpTraceRequest): number {
  let n = 0;
  for (const rs of req.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) n += (ss.spans ?? []).length;
  return n;
}

/** The row mapping + writer shared by the Kafka consumer and the OTLP/HTTP receiver. */
export class IngestPipeline {
  readonly spans: Sink<'traces', SpanBatch>;
  readonly metrics: Sink<'metrics', MetricBatch>;
  readonly logs: Sink<'logs', LogBatch>;
  /** the shared inserts of untokened (OTLP/HTTP) batches */
  readonly coalescer: InsertCoalescer;

  constructor(deps: PipelineDeps) {
    const { tables, metrics, limiter } = deps;
    const write = async (table: string, cols: readonly string[], body: Buffer, rows: number, token?: string) => {
      const res = await tables.insert(table, cols, body, rows, token);
      metrics.rows.inc({ table }, rows);
      metrics.insertSeconds.observe({ table }, res.ms / 1000);
    };
    this.coalescer = new InsertCoalescer(
      (table, cols, body, rows) => write(table, cols, body, rows),
      { ...deps.coalesce, inFlight: COALESCED_IN_FLIGHT },
      {
        inserted: (table, parts, _rows, ok) => {
          metrics.otlpInserts.inc({ table, result: ok ? 'ok' : 'failed' });
          metrics.otlpInsertParts.inc({ table }, parts);
        },
        queued: (bytes) => metrics.otlpQueuedBytes.set(bytes),
      },
    );
    const insert = async (table: string, cols: readonly string[], body: Buffer, rows: number, token?: string) => {
      if (rows === 0) return;
      await limiter.take(rows);
      if (token === undefined) await this.coalescer.insert(table, cols, body, rows);
      else await write(table, cols, body, rows, token);
    };
    this.spans = {
      signal: 'traces',
      create: () => new SpanBatch(),
      items: (req) => (isRawTraces(req) ? req.spans : countSpans(req)),
      add: (b, req) => (isRawTraces(req) ? b.addProtobuf(req.raw, true) : b.add(req)),
      store: async (b, token) => {
        await insert('spans', SPAN_COLUMNS, b.body(), b.rows, token);
        deps.lifecycle?.observe(b.sightings.values());
        const rows = b.liveRows();
        if (rows.length > 0) deps.live?.publish({ kind: 'pod-seconds', rows });
      },
    };
    this.metrics = {
      signal: 'metrics',
      create: () => new MetricBatch(),
      items: (req) => countMetricPoints(req as OtlpMetricsRequest),
      add: (b, req) => b.add(req as OtlpMetricsRequest),
      store: async (b, token) => {
        await insert('metrics', METRIC_COLUMNS, b.body(), b.rows, token);
      },
    };
    this.logs = {
      signal: 'logs',
      create: () => new LogBatch(),
      items: (req) => logCount(req as OtlpLogsRequest),
      add: (b, req) => b.add(req as OtlpLogsRequest),
      store: async (b, token) => {
        await insert(
          'lifecycle_events',
          LIFECYCLE_COLUMNS,
          b.lifecycle.toBuffer(),
          b.lifecycleRows,
          token && `${token}/lifecycle_events`,
        );
        await insert('logs', LOG_COLUMNS, b.logs.toBuffer(), b.logRows, token && `${token}/logs`);
        if (b.events.length > 0 && deps.lifecycle) await deps.lifecycle.apply(b.events);
      },
    };
  }

  sink(signal: OtlpSignal): Sink<OtlpSignal, { rows: number; rejected: number }> {
    const s = signal === 'traces' ? this.spans : signal === 'metrics' ? this.metrics : this.logs;
    return s as unknown as Sink<OtlpSignal, { rows: number; rejected: number }>;
  }
}

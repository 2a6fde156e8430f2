import type { OtlpSignal } from '@podtrail/contracts';
import type { CollectorMetrics } from '../collector-metrics.js';
import type { LivePublisher } from '../kafka/live-publisher.js';
import type { TableWriter } from '../store/writer.js';
import { type Decoded, type LifecycleSink } from './ingest-types.js';
import { LogBatch } from './logs.js';
import { MetricBatch } from './metrics.js';
import { SpanBatch } from './spans.js';
/** Rate limiter used to bound catch-up (rows per second). */
export declare class RowRateLimiter {
    private readonly perSec;
    private allowance;
    private last;
    constructor(perSec: number);
    take(rows: number): Promise<void>;
}
/** One signal: how to batch decoded requests and store a batch. */
export interface Sink<S extends OtlpSignal, B extends {
    rows: number;
    rejected: number;
}> {
    readonly signal: S;
    create(): B;
    /** items in a request, before validation (deterministic: used to split batches) */
    items(req: Decoded<S>): number;
    /** adds a request; returns how many of its items were refused */
    add(batch: B, req: Decoded<S>): number;
    /** inserts the batch (with the deduplication token) and runs the after-insert effects */
    store(batch: B, token: string | undefined): Promise<void>;
}
export interface PipelineDeps {
    tables: TableWriter;
    metrics: CollectorMetrics;
    live: LivePublisher | null;
    lifecycle: LifecycleSink | null;
    limiter: RowRateLimiter;
}
/** The row mapping + writer shared by the Kafka consumer and the OTLP/HTTP receiver. */
export declare class IngestPipeline {
    readonly spans: Sink<'traces', SpanBatch>;
    readonly metrics: Sink<'metrics', MetricBatch>;
    readonly logs: Sink<'logs', LogBatch>;
    constructor(deps: PipelineDeps);
    sink(signal: OtlpSignal): Sink<OtlpSignal, {
        rows: number;
        rejected: number;
    }>;
}
//# sourceMappingURL=pipeline.d.ts.map
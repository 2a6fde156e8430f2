import { isRawTraces } from './ingest-types.js';
import { LIFECYCLE_COLUMNS, LOG_COLUMNS, LogBatch, logCount } from './logs.js';
import { countMetricPoints, METRIC_COLUMNS, MetricBatch } from './metrics.js';
import { SPAN_COLUMNS, SpanBatch } from './spans.js';
/** Rate limiter used to bound catch-up (rows per second). */
export class RowRateLimiter {
    perSec;
    allowance;
    last = performance.now();
    constructor(perSec) {
        this.perSec = perSec;
        this.allowance = perSec;
    }
    async take(rows) {
        if (this.perSec <= 0)
            return;
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
function countSpans(req) {
    let n = 0;
    for (const rs of req.resourceSpans ?? [])
        for (const ss of rs.scopeSpans ?? [])
            n += (ss.spans ?? []).length;
    return n;
}
/** The row mapping + writer shared by the Kafka consumer and the OTLP/HTTP receiver. */
export class IngestPipeline {
    spans;
    metrics;
    logs;
    constructor(deps) {
        const { tables, metrics, limiter } = deps;
        const insert = async (table, cols, body, rows, token) => {
            if (rows === 0)
                return;
            await limiter.take(rows);
            const res = await tables.insert(table, cols, body, rows, token);
            metrics.rows.inc({ table }, rows);
            metrics.insertSeconds.observe({ table }, res.ms / 1000);
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
                if (rows.length > 0)
                    deps.live?.publish({ kind: 'pod-seconds', rows });
            },
        };
        this.metrics = {
            signal: 'metrics',
            create: () => new MetricBatch(),
            items: (req) => countMetricPoints(req),
            add: (b, req) => b.add(req),
            store: async (b, token) => {
                await insert('metrics', METRIC_COLUMNS, b.body(), b.rows, token);
            },
        };
        this.logs = {
            signal: 'logs',
            create: () => new LogBatch(),
            items: (req) => logCount(req),
            add: (b, req) => b.add(req),
            store: async (b, token) => {
                await insert('lifecycle_events', LIFECYCLE_COLUMNS, b.lifecycle.toBuffer(), b.lifecycleRows, token && `${token}/lifecycle_events`);
                await insert('logs', LOG_COLUMNS, b.logs.toBuffer(), b.logRows, token && `${token}/logs`);
                if (b.events.length > 0 && deps.lifecycle)
                    await deps.lifecycle.apply(b.events);
            },
        };
    }
    sink(signal) {
        const s = signal === 'traces' ? this.spans : signal === 'metrics' ? this.metrics : this.logs;
        return s;
    }
}
//# sourceMappingURL=pipeline.js.map
import { attributesToRecord, int64ToNumber, } from '@podtrail/contracts';
import { TsvWriter } from '../store/tsv.js';
import { resourceContext } from './identity.js';
export const METRIC_COLUMNS = [
    'Timestamp',
    'MetricName',
    'MetricType',
    'Unit',
    'Attributes',
    'Value',
    'Count',
    'Sum',
    'BucketBounds',
    'BucketCounts',
    'ServiceName',
    'Namespace',
    'Workload',
    'PodName',
    'InstanceId',
];
function ms(v) {
    return Math.floor(int64ToNumber(v) / 1e6);
}
function numberPoint(name, type, unit, p) {
    const value = p.asDouble !== undefined && p.asDouble !== null ? p.asDouble : int64ToNumber(p.asInt);
    return {
        timeMs: ms(p.timeUnixNano),
        name,
        type,
        unit,
        attributes: attributesToRecord(p.attributes),
        value: Number.isFinite(value) ? value : 0,
        count: 0,
        sum: 0,
        bounds: [],
        counts: [],
    };
}
function histogramPoint(name, unit, p) {
    const count = int64ToNumber(p.count);
    const sum = p.sum ?? 0;
    return {
        timeMs: ms(p.timeUnixNano),
        name,
        type: 'histogram',
        unit,
        attributes: attributesToRecord(p.attributes),
        value: count > 0 ? sum / count : 0,
        count,
        sum,
        bounds: p.explicitBounds ?? [],
        counts: (p.bucketCounts ?? []).map((c) => int64ToNumber(c)),
    };
}
/** Flattens an OTLP metrics request into one row per data point (gauge, sum, histogram). */
export function mapMetrics(req) {
    const out = [];
    for (const rm of req.resourceMetrics ?? []) {
        const ctx = resourceContext(rm.resource);
        const rows = [];
        for (const sm of rm.scopeMetrics ?? []) {
            for (const m of sm.metrics ?? []) {
                const unit = m.unit ?? '';
                if (m.gauge)
                    for (const p of m.gauge.dataPoints ?? [])
                        rows.push(numberPoint(m.name, 'gauge', unit, p));
                else if (m.sum)
                    for (const p of m.sum.dataPoints ?? [])
                        rows.push(numberPoint(m.name, 'sum', unit, p));
                else if (m.histogram)
                    for (const p of m.histogram.dataPoints ?? [])
                        rows.push(histogramPoint(m.name, unit, p));
            }
        }
        out.push({ ctx, rows });
    }
    return out;
}
/** Number of data points in a request (used for deterministic batch splitting). */
export function countMetricPoints(req) {
    let n = 0;
    for (const rm of req.resourceMetrics ?? [])
        for (const sm of rm.scopeMetrics ?? [])
            for (const m of sm.metrics ?? [])
                n += (m.gauge?.dataPoints ?? m.sum?.dataPoints ?? m.histogram?.dataPoints ?? []).length;
    return n;
}
function float(n) {
    return Number.isFinite(n) ? String(n) : '0';
}
export class MetricBatch {
    w = new TsvWriter(1 << 16);
    rows = 0;
    rejected = 0;
    add(req) {
        for (const { ctx, rows } of mapMetrics(req)) {
            const id = ctx.identity;
            for (const r of rows) {
                const w = this.w;
                w.int(r.timeMs).tab().str(r.name).tab().ascii(r.type).tab().str(r.unit).tab().map(r.attributes).tab();
                w.ascii(float(r.value))
                    .tab()
                    .int(Math.max(0, Math.trunc(r.count)))
                    .tab()
                    .ascii(float(r.sum))
                    .tab();
                w.numArray(r.bounds.map(float))
                    .tab()
                    .numArray(r.counts.map((c) => Math.max(0, Math.trunc(c))))
                    .tab();
                w.str(id.serviceName).tab().str(id.namespace).tab().str(id.workload).tab().str(id.podName).tab();
                w.str(id.instanceId).nl();
                this.rows++;
            }
        }
        return 0;
    }
    body() {
        return this.w.toBuffer();
    }
}
//# sourceMappingURL=metrics.js.map
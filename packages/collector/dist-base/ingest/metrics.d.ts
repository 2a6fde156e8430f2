import { type OtlpMetricsRequest } from '@podtrail/contracts';
import { TsvWriter } from '../store/tsv.js';
import { type ResourceContext } from './identity.js';
export declare const METRIC_COLUMNS: readonly ["Timestamp", "MetricName", "MetricType", "Unit", "Attributes", "Value", "Count", "Sum", "BucketBounds", "BucketCounts", "ServiceName", "Namespace", "Workload", "PodName", "InstanceId"];
export interface MetricRow {
    timeMs: number;
    name: string;
    type: 'gauge' | 'sum' | 'histogram';
    unit: string;
    attributes: Record<string, string>;
    value: number;
    count: number;
    sum: number;
    bounds: number[];
    counts: number[];
}
/** Flattens an OTLP metrics request into one row per data point (gauge, sum, histogram). */
export declare function mapMetrics(req: OtlpMetricsRequest): {
    ctx: ResourceContext;
    rows: MetricRow[];
}[];
/** Number of data points in a request (used for deterministic batch splitting). */
export declare function countMetricPoints(req: OtlpMetricsRequest): number;
export declare class MetricBatch {
    readonly w: TsvWriter;
    rows: number;
    rejected: number;
    add(req: OtlpMetricsRequest): number;
    body(): Buffer;
}
//# sourceMappingURL=metrics.d.ts.map
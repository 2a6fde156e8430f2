/**
 * The value of one sample in Prometheus text exposition (`GET /metrics`): the metric name and
 * exactly these labels; 0 when the sample is absent (a counter never incremented with them).
 */
export declare function metricValue(text: string, name: string, labels?: Record<string, string>): number;
//# sourceMappingURL=prometheus-text.d.ts.map
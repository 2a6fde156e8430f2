import { Counter, Gauge, Histogram, Registry } from 'prom-client';
/** Prometheus metrics of the collector's ingest side, on one registry per app (tests build many). */
export declare class CollectorMetrics {
    readonly registry: Registry<"text/plain; version=0.0.4; charset=utf-8">;
    readonly rows: Counter<"table">;
    readonly insertSeconds: Histogram<"table">;
    readonly batchSeconds: Histogram<"topic">;
    readonly messages: Counter<"topic">;
    readonly errors: Counter<"kind">;
    readonly dropped: Counter<"reason" | "signal">;
    readonly deadLettered: Counter<"reason" | "topic">;
    readonly lag: Gauge<"topic" | "partition">;
    readonly storeUp: Gauge<string>;
    readonly otlpRequests: Counter<"code" | "signal">;
    readonly livePublished: Counter<"kind">;
    readonly transitions: Counter<"transition">;
    readonly spanPodsRegistered: Counter<"state">;
    readonly pendingSpanPods: Gauge<string>;
    readonly pendingSpanPodsDropped: Counter<string>;
    readonly podLookups: Counter<string>;
    readonly timesClamped: Counter<"bound">;
    constructor();
}
//# sourceMappingURL=collector-metrics.d.ts.map
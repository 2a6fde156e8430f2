import { type Registry } from 'prom-client';
import type { LiveHub } from './hub.js';
import type { LiveKafkaSource } from './kafka-source.js';
/**
 * Exports the live hub's statistics (`hub.getStats()`) and its Kafka reader's on a Prometheus
 * registry, read at scrape time:
 *
 * - `podtrail_live_clients` WebSocket clients connected
 * - `podtrail_live_ticks_total{late}` ticks emitted (`late="true"`: corrections for closed seconds)
 * - `podtrail_live_messages_sent_total` messages written to client sockets
 * - `podtrail_live_dropped_messages_total` messages dropped from full client buffers
 * - `podtrail_live_rows_total`, `podtrail_live_late_rows_total` pod-second rows received (late:
 *   after their second was closed), `podtrail_live_transitions_total`, `podtrail_live_bad_records_total`
 * - `podtrail_live_kafka_up` 1 while the live topic is consumed, `podtrail_live_kafka_messages_total`,
 *   `podtrail_live_kafka_errors_total` (consumer crashes and failed starts),
 *   `podtrail_live_kafka_lag{partition}` records behind the end of the live topic
 */
export declare function registerLiveMetrics(registry: Registry, hub: LiveHub, source: LiveKafkaSource | null): void;
//# sourceMappingURL=live-metrics.d.ts.map
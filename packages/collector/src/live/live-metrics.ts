import { Counter, Gauge, type Registry } from 'prom-client';
import { scrapedMetrics } from '../scraped-metrics.js';
import type { LiveHub } from './hub.js';
import type { LiveKafkaSource } from './kafka-source.js';

/**
 * Exports the live hub's statistics (`hub.getStats()`) and its Kafka reader's on a Prometheus
 * registry, read at scrape time:
 *
 * - `podtrail_live_clients` WebSocket clients connected
 * - `podtrail_live_ticks_total{late}` ticks emitted (`late="true"`: corrections for closed seconds)
 * - `podtrail_live_partial_ticks_total` ticks with rows of seconds still open
 * - `podtrail_live_messages_sent_total` messages written to client sockets
 * - `podtrail_live_dropped_messages_total` messages dropped from full client buffers
 * - `podtrail_live_rows_total`, `podtrail_live_late_rows_total` pod-second rows received (late:
 *   after their second was closed), `podtrail_live_transitions_total`, `podtrail_live_bad_records_total`
 * - `podtrail_live_replay_messages`, `podtrail_live_replay_rows` kept in memory for `since` replay
 *   (bounded by PODTRAIL_LIVE_REPLAY_S and PODTRAIL_LIVE_REPLAY_MAX_ROWS)
 * - `podtrail_live_kafka_up` 1 while the live topic is consumed, `podtrail_live_kafka_messages_total`,
 *   `podtrail_live_kafka_errors_total` (consumer crashes and failed starts),
 *   `podtrail_live_kafka_lag{partition}` records behind the end of the live topic
 */
export function registerLiveMetrics(registry: Registry, hub: LiveHub, source: LiveKafkaSource | null): void {
  const { gauge, total } = scrapedMetrics(registry);
  gauge('podtrail_live_clients', 'Live WebSocket clients connected', () => hub.getStats().subscribers);
  new Counter({
    name: 'podtrail_live_ticks_total',
    help: 'Live ticks emitted by the hub (late="true": corrections for seconds already closed)',
    labelNames: ['late'] as const,
    registers: [registry],
    collect() {
      const s = hub.getStats();
      this.reset();
      this.inc({ late: 'false' }, s.ticks - s.lateTicks);
      this.inc({ late: 'true' }, s.lateTicks);
    },
  });
  gauge(
    'podtrail_live_replay_messages',
    'Live messages kept in memory for replay to resuming clients',
    () => hub.getStats().replayMessages,
  );
  gauge(
    'podtrail_live_replay_rows',
    'Pod-second rows in the live messages kept for replay (at most PODTRAIL_LIVE_REPLAY_MAX_ROWS)',
    () => hub.getStats().replayRows,
  );
  total(
    'podtrail_live_partial_ticks_total',
    'Live ticks with rows of seconds still open (pushed before the second closes)',
    () => hub.getStats().partialTicks,
  );
  total(
    'podtrail_live_messages_sent_total',
    'Live messages written to client sockets',
    () => hub.getStats().messagesSent,
  );
  total(
    'podtrail_live_dropped_messages_total',
    'Live messages dropped from full client buffers (slow clients)',
    () => hub.getStats().droppedToClients,
  );
  total('podtrail_live_rows_total', 'Pod-second rows received by the live hub', () => hub.getStats().rowsIn);
  total(
    'podtrail_live_late_rows_total',
    'Pod-second rows received after their second was closed',
    () => hub.getStats().lateRows,
  );
  total(
    'podtrail_live_transitions_total',
    'Pod transitions received by the live hub',
    () => hub.getStats().transitionsIn,
  );
  total(
    'podtrail_live_kubernetes_changes_total',
    "Cluster changes (the Kubernetes watcher leader's) received by the live hub",
    () => hub.getStats().kubernetesIn,
  );
  total(
    'podtrail_live_bad_records_total',
    'Live records that do not match the contract (ignored): unknown kinds, malformed rows and transitions',
    () => hub.getStats().badRecords,
  );
  if (!source) return;
  gauge('podtrail_live_kafka_up', '1 while the live hub consumes the live topic', () => (source.status.ready ? 1 : 0));
  total('podtrail_live_kafka_messages_total', 'Records read from the live topic', () => source.messages);
  total('podtrail_live_kafka_errors_total', 'Live topic consumer crashes and failed starts', () => source.errors);
  new Gauge({
    name: 'podtrail_live_kafka_lag',
    help: 'Records behind the end of the live topic, per partition, after the last batch',
    labelNames: ['partition'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [p, lag] of source.lag) this.set({ partition: String(p) }, lag);
    },
  });
}

import type { CollectorMetrics } from '../collector-metrics.js';
import type { CollectorConfig } from '../config.js';
import type { KafkaClients } from '../kafka/index.js';
import type { LifecycleOwnership } from './ingest-types.js';
import type { StallWatchdog } from './stall-watchdog.js';

export interface PartitionLagDeps {
  config: Pick<CollectorConfig, 'consumerGroup' | 'topics'>;
  metrics: CollectorMetrics;
  kafka: KafkaClients;
  lifecycle?: LifecycleOwnership | undefined;
  watchdog: StallWatchdog;
}

/**
 * Lag of each assigned partition from the group's committed offsets and the high watermarks (it
 * covers partitions no batch came from, which is what a stall looks like): the lag gauges, the
 * lifecycle tracker's caught-up flags and the stall watchdog. Throws when Kafka does not answer.
 */
export async function refreshPartitionLag(deps: PartitionLagDeps, assignment: Record<string, number[]>): Promise<void> {
  const { config, metrics, lifecycle, kafka, watchdog } = deps;
  const admin = await kafka.admin();
  for (const [topic, partitions] of Object.entries(assignment)) {
    if (partitions.length === 0) continue;
    const [high, committed] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId: config.consumerGroup, topics: [topic] }),
    ]);
    const committedBy = new Map(committed[0]?.partitions.map((p) => [p.partition, p.offset]) ?? []);
    for (const p of partitions) {
      const h = high.find((x) => x.partition === p);
      if (!h) continue;
      const c = committedBy.get(p);
      const start = c !== undefined && Number(c) >= 0 ? Number(c) : Number(h.low);
      const lag = Math.max(0, Number(h.high) - start);
      metrics.lag.set({ topic, partition: String(p) }, lag);
      watchdog.lag(topic, p, lag);
      if (topic === config.topics.lifecycle) lifecycle?.setCaughtUp(p, lag === 0);
    }
  }
}

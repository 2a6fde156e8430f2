// The collector's test helpers, one implementation for the integration and end-to-end tests.
// runId: a unique suffix so parallel test files (and parallel developers) never share topics or groups.
export { uniqueSuffix as runId } from '@podtrail/collector/testing/ingest-harness';
export { createTopics, createTopicsWithLeaders } from '@podtrail/collector/testing/kafka-topics';

/** The topic variables of a collector and its agents, each topic named `<prefix>.<signal>` (one run's own). */
export function topicEnv(prefix: string) {
  return {
    PODTRAIL_TOPIC_SPANS: `${prefix}.spans`,
    PODTRAIL_TOPIC_METRICS: `${prefix}.metrics`,
    PODTRAIL_TOPIC_LIFECYCLE: `${prefix}.lifecycle`,
    PODTRAIL_TOPIC_DEADLETTER: `${prefix}.deadletter`,
    PODTRAIL_LIVE_TOPIC: `${prefix}.live`,
  };
}

import type { Admin, ITopicConfig } from 'kafkajs';

/**
 * Creates topics and waits until every partition has a leader. kafkajs's own `waitForLeaders`
 * retries only LEADER_NOT_AVAILABLE, but a KRaft broker can answer the first metadata request for a
 * topic it has just created with UNKNOWN_TOPIC_OR_PARTITION ("This server does not host this
 * topic-partition"): that is retried here until `timeoutMs`, then the first error is thrown.
 */
export async function createTopicsWithLeaders(admin: Admin, topics: ITopicConfig[], timeoutMs = 30_000): Promise<void> {
  try {
    await admin.createTopics({ topics, waitForLeaders: true });
    return;
  } catch (err) {
    const names = topics.map((t) => t.topic);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const { topics: meta } = await admin.fetchTopicMetadata({ topics: names });
        if (meta.length === names.length && meta.every((t) => t.partitions.every((p) => p.leader >= 0))) return;
      } catch {
        // not there yet
      }
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

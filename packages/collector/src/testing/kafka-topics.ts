import { type Admin, type ITopicConfig, Kafka, logLevel } from 'kafkajs';

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

/** Creates `topics` on the test broker (idempotent), each with `numPartitions` partitions led. */
export async function createTopics(brokers: string, topics: string[], numPartitions = 4): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-admin', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createTopicsWithLeaders(
      admin,
      topics.map((topic) => ({ topic, numPartitions })),
    );
  } finally {
    await admin.disconnect();
  }
}

import { randomBytes } from 'node:crypto';
import { createTopicsWithLeaders } from '@podtrail/collector/testing/kafka-topics';
import { Kafka, logLevel } from 'kafkajs';

export { createTopicsWithLeaders };

/** A unique suffix so parallel test files (and parallel developers) never share topics or groups. */
export function runId(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Creates topics on the real broker (idempotent) and returns the admin-capable client. */
export async function createTopics(brokers: string, topics: string[], numPartitions = 4): Promise<void> {
  const kafka = new Kafka({ clientId: 'podtrail-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
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

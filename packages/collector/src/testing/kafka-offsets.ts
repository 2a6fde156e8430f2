import { Kafka, logLevel } from 'kafkajs';

/**
 * Waits until consumer group `group` has committed, on every partition of `topic`, the end offset
 * the topic had when this was called: every record produced before the call has been consumed and
 * committed. The collector commits a record only after it is stored and its effects are done (for
 * a lifecycle record: inserted, applied by the pod lifecycle tracker and the tracker's rows
 * written), so this is the fact to wait on before asserting that a record changed nothing.
 * Records produced after the call (heartbeats of a running test) are not waited for.
 */
export async function waitForCommittedOffset(
  brokers: string,
  group: string,
  topic: string,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<void> {
  const kafka = new Kafka({ clientId: 'test-offsets', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = (await admin.fetchTopicOffsets(topic))
      .filter((p) => BigInt(p.high) > BigInt(p.low))
      .map((p) => ({ partition: p.partition, end: BigInt(p.high) }));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
      const behind = ends.filter(({ partition, end }) => (at.get(partition) ?? -1n) < end);
      if (behind.length === 0) return;
      if (Date.now() > deadline) {
        const detail = behind.map(({ partition, end }) => `${partition}: ${at.get(partition) ?? -1n} < ${end}`);
        throw new Error(`group ${group} did not commit the end of ${topic} in ${timeoutMs} ms (${detail.join(', ')})`);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  } finally {
    await admin.disconnect();
  }
}

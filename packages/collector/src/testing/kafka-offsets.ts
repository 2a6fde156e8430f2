import type { Admin } from 'kafkajs';
import { groupPositions, type WaitOptions, waitForValue } from './wait-for.js';

/**
 * Waits until `groupId` has committed, on every partition of `topic`, the end offset the topic had
 * when this was called: every record produced before the call has been consumed and committed.
 * The collector commits a record only once it is stored and its effects are done (a lifecycle
 * record: inserted, applied by the pod lifecycle tracker, the tracker's rows written), so this is
 * the fact to wait on before asserting that a record changed nothing. Unlike
 * waitForCommittedOffsets (wait-for.ts), the target does not move with records produced after the
 * call, so it also holds on a topic still being written (the heartbeats of a running test).
 */
export async function waitForCommittedOffset(
  admin: Admin,
  groupId: string,
  topic: string,
  opts: Partial<WaitOptions> = {},
): Promise<void> {
  const ends = new Map((await groupPositions(admin, groupId, topic)).map((p) => [p.partition, p.end]));
  await waitForValue(
    () => groupPositions(admin, groupId, topic),
    (ps) => ps.every((p) => p.committed >= (ends.get(p.partition) ?? 0)),
    { what: `consumer group ${groupId} to commit ${topic} up to its end offsets as of the call`, ...opts },
  );
}

import type { Admin } from 'kafkajs';

/**
 * Bounded polls for the integration tests. A test waits on a fact (a committed offset, a row
 * count, the end of a topic), never on a fixed sleep: an assertion after a sleep also passes when
 * the event was never processed. A wait that times out says what it awaited and what it last saw.
 */

export interface WaitOptions {
  /** what is awaited, for the failure message ("group g to commit topic t up to its end") */
  what: string;
  /** default 60 s */
  timeoutMs?: number;
  /** default 150 ms */
  intervalMs?: number;
  /**
   * a probe that throws is tried again (a process or route not up yet) instead of failing the wait;
   * the last error is in the timeout message
   */
  retryErrors?: boolean;
}

/** Polls `probe` until `done(value)` holds and returns that value; throws at the deadline. */
export async function waitForValue<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  opts: WaitOptions,
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const intervalMs = opts.intervalMs ?? 150;
  const deadline = Date.now() + timeoutMs;
  let seen: { value: T } | undefined;
  let lastError: unknown;
  let errors = 0;
  for (;;) {
    let probed: { value: T } | undefined;
    try {
      probed = { value: await probe() };
      seen = probed;
    } catch (err) {
      if (!opts.retryErrors) throw err;
      lastError = err;
      errors++;
    }
    if (probed && done(probed.value)) return probed.value;
    if (Date.now() >= deadline) {
      const last = seen ? `last value seen: ${show(seen.value)}` : 'no value seen';
      const failed = errors ? `; ${errors} probes threw, the last: ${String(lastError)}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${opts.what}; ${last}${failed}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface PartitionPosition {
  partition: number;
  /** the group's committed offset (0 when it has none) */
  committed: number;
  /** the topic's end offset (high watermark) */
  end: number;
}

/** Per partition of `topic`: the committed offset of `groupId` and the end offset. */
export async function groupPositions(admin: Admin, groupId: string, topic: string): Promise<PartitionPosition[]> {
  const [ends, offsets] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const committed = new Map((offsets[0]?.partitions ?? []).map((p) => [p.partition, Math.max(0, Number(p.offset))]));
  return ends
    .map((p) => ({ partition: p.partition, committed: committed.get(p.partition) ?? 0, end: Number(p.high) }))
    .sort((a, b) => a.partition - b.partition);
}

/**
 * Waits until `groupId` has committed every partition of `topic` up to its end offset (what was
 * produced before the call is consumed and stored: the collector commits after the insert).
 * Returns the number of records committed (the sum of the end offsets).
 */
export async function waitForCommittedOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
  opts: Partial<WaitOptions> = {},
): Promise<number> {
  const positions = await waitForValue(
    () => groupPositions(admin, groupId, topic),
    (ps) => ps.length > 0 && ps.every((p) => p.committed === p.end),
    { what: `consumer group ${groupId} to commit ${topic} up to its end offsets`, ...opts },
  );
  return positions.reduce((n, p) => n + p.committed, 0);
}

/** Records on `topic` now: the sum over its partitions of end offset minus start offset. */
export async function topicRecordCount(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Waits until `groupId` has committed, on every partition of `topic`, the end offset the topic had
 * when this was called: every record produced before the call has been consumed and committed.
 * The collector commits a record only once it is stored and its effects are done (a lifecycle
 * record: inserted, applied by the pod lifecycle tracker, the tracker's rows written), so this is
 * the fact to wait on before asserting that a record changed nothing. Unlike
 * waitForCommittedOffsets (above), the target does not move with records produced after the
 * call, so it also holds on a topic still being written (the heartbeats of a running test).
 */
export async function waitForCommittedUpToEndAsOfNow(
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

/** Polls `probe` until `done(value)` holds and returns that value; throws at the deadline. */
export async function waitForValue(probe, done, opts) {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const intervalMs = opts.intervalMs ?? 150;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (done(value))
            return value;
        if (Date.now() >= deadline)
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${opts.what}; last value seen: ${show(value)}`);
        await new Promise((r) => setTimeout(r, intervalMs));
    }
}
/** Per partition of `topic`: the committed offset of `groupId` and the end offset. */
export async function groupPositions(admin, groupId, topic) {
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
export async function waitForCommittedOffsets(admin, groupId, topic, opts = {}) {
    const positions = await waitForValue(() => groupPositions(admin, groupId, topic), (ps) => ps.length > 0 && ps.every((p) => p.committed === p.end), { what: `consumer group ${groupId} to commit ${topic} up to its end offsets`, ...opts });
    return positions.reduce((n, p) => n + p.committed, 0);
}
/** Records on `topic` now: the sum over its partitions of end offset minus start offset. */
export async function topicRecordCount(admin, topic) {
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
}
function show(value) {
    try {
        return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
    }
    catch {
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
export async function waitForCommittedUpToEndAsOfNow(admin, groupId, topic, opts = {}) {
    const ends = new Map((await groupPositions(admin, groupId, topic)).map((p) => [p.partition, p.end]));
    await waitForValue(() => groupPositions(admin, groupId, topic), (ps) => ps.every((p) => p.committed >= (ends.get(p.partition) ?? 0)), { what: `consumer group ${groupId} to commit ${topic} up to its end offsets as of the call`, ...opts });
}
//# sourceMappingURL=wait-for.js.map
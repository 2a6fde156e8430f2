/** A commit kafkajs did not make, or may not have made: the chunk it guards must not be stored. */
export class CommitNotMade extends Error {
    constructor(what) {
        super(`offset commit not made: ${what}`);
        this.name = 'CommitNotMade';
    }
}
/** How long a commit may take before it counts as failed (the consumer is then restarted). */
export const COMMIT_WAIT_MS = 10_000;
/**
 * Commits one partition's offset through `consumer` and resolves only when the commit was made.
 * kafkajs 2.2.4 resolves a commit without making it once its consumer stopped running (a restart's
 * disconnect, a crash): a chunk then stored after an intent that was never committed would be cut
 * and stored again, under other tokens, by the partition's next owner. And it commits to the
 * coordinator it found at join, retrying silently for a minute or more once that broker is gone:
 * no answer within `waitMs` is a failure too.
 */
export async function commitOffset(consumer, isRunning, c, waitMs = COMMIT_WAIT_MS) {
    if (!isRunning())
        throw new CommitNotMade('the consumer stopped');
    let timer;
    try {
        await Promise.race([
            consumer.commitOffsets([
                {
                    topic: c.topic,
                    partition: c.partition,
                    offset: c.offset,
                    ...(c.metadata !== null ? { metadata: c.metadata } : {}),
                },
            ]),
            new Promise((_, reject) => {
                timer = setTimeout(() => reject(new CommitNotMade(`no answer in ${waitMs} ms`)), waitMs);
            }),
        ]);
    }
    finally {
        clearTimeout(timer);
    }
    // stopped meanwhile: kafkajs may have given up without a word
    if (!isRunning())
        throw new CommitNotMade('the consumer stopped during the commit');
}
//# sourceMappingURL=offset-commit.js.map
/** Headers the collector adds to a dead-lettered record (the original headers are kept too). */
export const DLQ_HEADERS = {
    reason: 'podtrail-dlq-reason',
    error: 'podtrail-dlq-error',
    sourceTopic: 'podtrail-dlq-source-topic',
    sourcePartition: 'podtrail-dlq-source-partition',
    sourceOffset: 'podtrail-dlq-source-offset',
    time: 'podtrail-dlq-time',
    /** set when the value was not copied (too large); the original stays at topic/partition/offset */
    valueOmitted: 'podtrail-dlq-value-omitted',
};
/** Values above this are not copied into the dead-letter record (the broker limit is ~10 MB). */
const MAX_DLQ_VALUE = 512 * 1024;
export async function sendDeadLetters(producer, topic, items) {
    if (items.length === 0)
        return;
    await producer.send({
        topic,
        messages: items.map((d) => {
            const omit = d.value !== null && d.value.length > MAX_DLQ_VALUE;
            const headers = { ...(d.headers ?? {}) };
            headers[DLQ_HEADERS.reason] = d.reason;
            headers[DLQ_HEADERS.error] = d.error.slice(0, 2000);
            headers[DLQ_HEADERS.sourceTopic] = d.topic;
            headers[DLQ_HEADERS.sourcePartition] = String(d.partition);
            headers[DLQ_HEADERS.sourceOffset] = d.offset;
            headers[DLQ_HEADERS.time] = new Date().toISOString();
            if (omit)
                headers[DLQ_HEADERS.valueOmitted] = String(d.value?.length ?? 0);
            return { key: d.key, value: omit ? null : d.value, headers };
        }),
    });
}
//# sourceMappingURL=dead-letters.js.map
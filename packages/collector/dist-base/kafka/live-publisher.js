/**
 * Publishes LiveRecords to the live topic without blocking ingest: records are queued and sent
 * in the background; the queue is bounded (oldest dropped and counted) so a slow broker never
 * grows memory.
 */
export class KafkaLivePublisher {
    producer;
    topic;
    metrics;
    onError;
    maxQueue;
    queue = [];
    sending = null;
    closed = false;
    constructor(producer, topic, metrics, onError, maxQueue = 10_000) {
        this.producer = producer;
        this.topic = topic;
        this.metrics = metrics;
        this.onError = onError;
        this.maxQueue = maxQueue;
    }
    publish(record) {
        if (this.closed)
            return;
        this.queue.push(record);
        if (this.queue.length > this.maxQueue) {
            this.queue.shift();
            this.metrics.errors.inc({ kind: 'live-dropped' });
        }
        if (!this.sending)
            this.sending = this.drain();
    }
    async drain() {
        while (this.queue.length > 0) {
            const batch = this.queue.splice(0, 500);
            try {
                await this.producer.send({
                    topic: this.topic,
                    messages: batch.map((r) => ({
                        key: r.kind === 'transition' ? r.event.podName : null,
                        value: JSON.stringify(r),
                    })),
                });
                for (const r of batch)
                    this.metrics.livePublished.inc({ kind: r.kind });
            }
            catch (err) {
                this.metrics.errors.inc({ kind: 'live-publish' });
                this.onError(err);
            }
        }
        this.sending = null;
    }
    /** Sends what is queued (used at shutdown). */
    async flush() {
        while (this.sending)
            await this.sending;
    }
    async close() {
        await this.flush();
        this.closed = true;
    }
}
//# sourceMappingURL=live-publisher.js.map
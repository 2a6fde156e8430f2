import type { LiveRecord } from '@podtrail/contracts';
import type { Producer } from 'kafkajs';
import type { CollectorMetrics } from '../collector-metrics.js';

/** Publishes what ingest stored to the live topic (never blocks ingest). */
export interface LivePublisher {
  publish(record: LiveRecord): void;
}

/**
 * Publishes LiveRecords to the live topic without blocking ingest: records are queued and sent
 * in the background; the queue is bounded (oldest dropped and counted) so a slow broker never
 * grows memory.
 */
export class KafkaLivePublisher implements LivePublisher {
  private queue: LiveRecord[] = [];
  private sending: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly metrics: CollectorMetrics,
    private readonly onError: (err: unknown) => void,
    private readonly maxQueue = 10_000,
  ) {}

  publish(record: LiveRecord): void {
    if (this.closed) return;
    this.queue.push(record);
    if (this.queue.length > this.maxQueue) {
      this.queue.shift();
      this.metrics.errors.inc({ kind: 'live-dropped' });
    }
    if (!this.sending) this.sending = this.drain();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, 500);
      try {
        await this.producer.send({
          topic: this.topic,
          messages: batch.map((r) => ({
            key:
              r.kind === 'transition'
                ? r.event.podName
                : r.kind === 'kubernetes'
                  ? r.change.podName || r.change.workload
                  : null,
            value: JSON.stringify(r),
          })),
        });
        for (const r of batch) this.metrics.livePublished.inc({ kind: r.kind });
      } catch (err) {
        this.metrics.errors.inc({ kind: 'live-publish' });
        this.onError(err);
      }
    }
    this.sending = null;
  }

  /** Sends what is queued (used at shutdown). */
  async flush(): Promise<void> {
    while (this.sending) await this.sending;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }
}

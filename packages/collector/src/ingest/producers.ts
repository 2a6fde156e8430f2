import type { LiveRecord } from '@podtrail/contracts';
import type { IHeaders, Producer } from 'kafkajs';
import type { IngestMetrics } from './ingest-metrics.js';
import type { DeadLetterReason, LivePublisher } from './ingest-types.js';

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
} as const;

export interface DeadLetter {
  reason: DeadLetterReason;
  error: string;
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders | undefined;
}

/** Values above this are not copied into the dead-letter record (the broker limit is ~10 MB). */
const MAX_DLQ_VALUE = 512 * 1024;

export async function sendDeadLetters(producer: Producer, topic: string, items: DeadLetter[]): Promise<void> {
  if (items.length === 0) return;
  await producer.send({
    topic,
    messages: items.map((d) => {
      const omit = d.value !== null && d.value.length > MAX_DLQ_VALUE;
      const headers: IHeaders = { ...(d.headers ?? {}) };
      headers[DLQ_HEADERS.reason] = d.reason;
      headers[DLQ_HEADERS.error] = d.error.slice(0, 2000);
      headers[DLQ_HEADERS.sourceTopic] = d.topic;
      headers[DLQ_HEADERS.sourcePartition] = String(d.partition);
      headers[DLQ_HEADERS.sourceOffset] = d.offset;
      headers[DLQ_HEADERS.time] = new Date().toISOString();
      if (omit) headers[DLQ_HEADERS.valueOmitted] = String(d.value?.length ?? 0);
      return { key: d.key, value: omit ? null : d.value, headers };
    }),
  });
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
    private readonly metrics: IngestMetrics,
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
            key: r.kind === 'transition' ? r.event.podName : null,
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

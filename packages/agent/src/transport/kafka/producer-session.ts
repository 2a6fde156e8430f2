import type { ProducerId } from './protocol.js';

/** Kafka's sequence numbers are int32 and wrap to 0 after this. */
const MAX_SEQUENCE = 0x7fff_ffff;

/**
 * The idempotent producer's identity (from InitProducerId) and the next sequence number per
 * partition. The broker keeps, per producer id and partition, the sequences of the last batches it
 * appended: a batch sent again with the same id and sequences (a retry after a lost answer, a
 * leader that died after replicating it) is answered as written and not appended twice.
 *
 * It outlives a KafkaProducer (one per connection attempt): a batch resent after a reconnect keeps
 * its id and sequence. A new id (after the broker lost this one's state) starts every partition
 * at 0 again; `generation` tells batches stamped under an older id to take a new stamp.
 */
export class ProducerSession {
  private current: ProducerId | null = null;
  private readonly sequences = new Map<string, number>();
  private disabledBecause: string | null = null;
  /** bumped whenever the id changes or is dropped */
  generation = 0;

  /** the id batches are stamped with; null: none yet (or idempotence is off) */
  get id(): ProducerId | null {
    return this.current;
  }

  /** false once the broker cannot give an id (too old, not authorized): plain acks=all sends */
  get enabled(): boolean {
    return this.disabledBecause === null;
  }

  get disabledReason(): string | null {
    return this.disabledBecause;
  }

  assign(id: ProducerId): void {
    this.current = id;
    this.sequences.clear();
    this.generation++;
  }

  /** The broker no longer knows this id's sequences (or refused one): the next batch asks for a new id. */
  reset(): void {
    this.current = null;
    this.sequences.clear();
    this.generation++;
  }

  disable(reason: string): void {
    this.disabledBecause = reason;
    this.reset();
  }

  /** The base sequence of the next `count` records to `topic[partition]`, and advances past them. */
  take(topic: string, partition: number, count: number): number {
    const key = `${topic}\u0000${partition}`;
    const base = this.sequences.get(key) ?? 0;
    this.sequences.set(key, base > MAX_SEQUENCE - count ? count - (MAX_SEQUENCE - base) - 1 : base + count);
    return base;
  }
}

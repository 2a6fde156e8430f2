/**
 * Which assigned partitions are stalled: a partition is stalled when lag was seen on it after its
 * last progress (a chunk stored or committed, or no lag) and it made no progress for `stallMs`.
 * Kept per partition: after a broker loss the consumer fetches from each broker separately, so
 * partitions of one broker can hang while the others keep storing (a single clock for all of them
 * never ran out then). Pure bookkeeping: KafkaIngest feeds it and restarts the consumer.
 */
export interface StalledPartition {
  topic: string;
  partition: number;
  idleMs: number;
  lag: number;
}

interface PartitionClock {
  /** last progress, or the assignment */
  progressAt: number;
  /** lag at the last refresh that saw this partition, and when */
  lag: number;
  lagAt: number;
}

export class StallWatchdog {
  private clocks = new Map<string, PartitionClock & { topic: string; partition: number }>();
  /** last heartbeat the group coordinator answered (or the assignment) */
  private heartbeatAt = 0;

  constructor(
    private readonly stallMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new assignment (group joined): only these partitions are watched, their clocks start now. */
  assign(assignment: Record<string, number[]>): void {
    const at = this.now();
    this.heartbeatAt = at;
    this.clocks = new Map();
    for (const [topic, partitions] of Object.entries(assignment))
      for (const partition of partitions)
        this.clocks.set(`${topic}:${partition}`, { topic, partition, progressAt: at, lag: 0, lagAt: 0 });
  }

  /** The group coordinator answered a heartbeat. */
  heartbeat(): void {
    this.heartbeatAt = this.now();
  }

  /**
   * How long no heartbeat was answered since the assignment (0 before any): past the session
   * timeout the group has dropped this member, whatever kafkajs still believes.
   */
  silentMs(): number {
    return this.heartbeatAt === 0 ? 0 : this.now() - this.heartbeatAt;
  }

  /** A chunk of the partition was stored or its offset committed. */
  progressed(topic: string, partition: number): void {
    const c = this.clocks.get(`${topic}:${partition}`);
    if (c) c.progressAt = this.now();
  }

  /** Lag seen by a refresh; no lag counts as progress (nothing to do is not a stall). */
  lag(topic: string, partition: number, lag: number): void {
    const c = this.clocks.get(`${topic}:${partition}`);
    if (!c) return;
    const at = this.now();
    c.lag = lag;
    c.lagAt = at;
    if (lag === 0) c.progressAt = at;
  }

  /** Every partition whose clock ran out, with its lag. */
  stalled(): StalledPartition[] {
    const now = this.now();
    const out: StalledPartition[] = [];
    for (const c of this.clocks.values()) {
      if (c.lag === 0 || c.lagAt <= c.progressAt) continue;
      const idleMs = now - c.progressAt;
      if (idleMs >= this.stallMs) out.push({ topic: c.topic, partition: c.partition, idleMs, lag: c.lag });
    }
    return out;
  }

  /** Restarts every clock (after a restart was decided, or while consumption is paused on purpose). */
  restartClocks(): void {
    const at = this.now();
    this.heartbeatAt = at;
    for (const c of this.clocks.values()) c.progressAt = at;
  }
}

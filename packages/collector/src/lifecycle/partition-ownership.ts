import { partitionForKey } from '@podtrail/contracts/partitioner';

/** Which pods this collector is responsible for, as the lifecycle state machine asks it. */
export interface PodScope {
  /** the pod's lifecycle partition is assigned to this collector */
  owns(podUid: string, instanceId: string): boolean;
  /** its partition is consumed up to the end (silence there is real silence, not a backlog) */
  isCaughtUp(podUid: string, instanceId: string): boolean;
}

/**
 * The lifecycle partitions this collector owns. The lifecycle topic is keyed by pod uid (the
 * instance id when a pod has none), so a pod's partition is computed with Kafka's murmur2, the
 * same as the producer's. Before the first assignment (no Kafka, e.g. OTLP-only) it owns
 * everything and is always caught up.
 */
export class LifecyclePartitions implements PodScope {
  /** null = owns everything */
  private owned: Set<number> | null = null;
  private numPartitions = 1;
  private readonly caughtUp = new Set<number>();
  /** false once the consumer stops (shutdown, crash) until its next assignment */
  private consuming = true;

  /** A new assignment: caught-up flags are cleared until the consumer reports them again. */
  assign(partitions: readonly number[], numPartitions: number): void {
    this.owned = new Set(partitions);
    this.numPartitions = Math.max(1, numPartitions);
    this.caughtUp.clear();
    this.consuming = true;
  }

  setCaughtUp(partition: number, caughtUp: boolean): void {
    if (caughtUp && this.consuming) this.caughtUp.add(partition);
    else this.caughtUp.delete(partition);
  }

  /**
   * The consumer stops (the collector shuts down, or it crashed and restarts): no partition is
   * caught up until the next assignment. Heartbeats that arrive meanwhile wait in the topic, so
   * silence then is not a pod's; counting it killed pods during a collector's own shutdown, and
   * the next collector brought them back as `ready` from the backlog.
   */
  stopConsuming(): void {
    this.consuming = false;
    this.caughtUp.clear();
  }

  partitionOf(podUid: string, instanceId: string): number {
    return partitionForKey(podUid || instanceId, this.numPartitions);
  }

  owns(podUid: string, instanceId: string): boolean {
    return this.owned === null || this.owned.has(this.partitionOf(podUid, instanceId));
  }

  isCaughtUp(podUid: string, instanceId: string): boolean {
    return this.owned === null || this.caughtUp.has(this.partitionOf(podUid, instanceId));
  }

  /** The owned partitions (null: all, no assignment yet). */
  ownedPartitions(): number[] | null {
    return this.owned ? [...this.owned] : null;
  }
}

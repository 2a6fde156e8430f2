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
export declare class LifecyclePartitions implements PodScope {
    /** null = owns everything */
    private owned;
    private numPartitions;
    private readonly caughtUp;
    /** A new assignment: caught-up flags are cleared until the consumer reports them again. */
    assign(partitions: readonly number[], numPartitions: number): void;
    setCaughtUp(partition: number, caughtUp: boolean): void;
    partitionOf(podUid: string, instanceId: string): number;
    owns(podUid: string, instanceId: string): boolean;
    isCaughtUp(podUid: string, instanceId: string): boolean;
    /** The owned partitions (null: all, no assignment yet). */
    ownedPartitions(): number[] | null;
}
//# sourceMappingURL=partition-ownership.d.ts.map
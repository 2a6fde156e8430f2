import { partitionForKey } from '@podtrail/contracts/partitioner';
/**
 * The lifecycle partitions this collector owns. The lifecycle topic is keyed by pod uid (the
 * instance id when a pod has none), so a pod's partition is computed with Kafka's murmur2, the
 * same as the producer's. Before the first assignment (no Kafka, e.g. OTLP-only) it owns
 * everything and is always caught up.
 */
export class LifecyclePartitions {
    /** null = owns everything */
    owned = null;
    numPartitions = 1;
    caughtUp = new Set();
    /** A new assignment: caught-up flags are cleared until the consumer reports them again. */
    assign(partitions, numPartitions) {
        this.owned = new Set(partitions);
        this.numPartitions = Math.max(1, numPartitions);
        this.caughtUp.clear();
    }
    setCaughtUp(partition, caughtUp) {
        if (caughtUp)
            this.caughtUp.add(partition);
        else
            this.caughtUp.delete(partition);
    }
    partitionOf(podUid, instanceId) {
        return partitionForKey(podUid || instanceId, this.numPartitions);
    }
    owns(podUid, instanceId) {
        return this.owned === null || this.owned.has(this.partitionOf(podUid, instanceId));
    }
    isCaughtUp(podUid, instanceId) {
        return this.owned === null || this.caughtUp.has(this.partitionOf(podUid, instanceId));
    }
    /** The owned partitions (null: all, no assignment yet). */
    ownedPartitions() {
        return this.owned ? [...this.owned] : null;
    }
}
//# sourceMappingURL=partition-ownership.js.map
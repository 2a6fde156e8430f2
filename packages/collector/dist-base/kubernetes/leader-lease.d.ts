import { type KubeClient } from './kube-client.js';
export interface LeaderLeaseOptions {
    client: KubeClient;
    namespace: string;
    name: string;
    /** this replica's identity (pod name + process) */
    identity: string;
    /** how long a lease lasts without renewal (default 15 s) */
    leaseDurationMs?: number;
    /** how often the holder renews and the others try (default lease / 3) */
    retryPeriodMs?: number;
    onChange: (leader: boolean) => void;
    onError?: (err: unknown) => void;
    now?: () => number;
}
/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: the holder renews every
 * retry period; another replica takes the lease over once it has seen the same lease record unchanged
 * for a whole lease duration on its own clock (no clock agreement needed); writes are optimistic
 * (resourceVersion), so two candidates never both win. A holder that cannot renew within the lease
 * duration stops being leader before anyone else can take over.
 */
export declare class LeaderLease {
    private readonly o;
    private leader;
    private timer;
    private observedRv;
    private observedAtLocal;
    private lastRenewLocal;
    private running;
    private readonly durationMs;
    private readonly periodMs;
    private readonly now;
    constructor(o: LeaderLeaseOptions);
    get isLeader(): boolean;
    start(): void;
    /** Stops; `release` gives the lease up at once (a clean shutdown) instead of letting it expire. */
    stop(release?: boolean): Promise<void>;
    private path;
    private get;
    private setLeader;
    private tick;
    private tryAcquireOrRenew;
    private renewed;
}
//# sourceMappingURL=leader-lease.d.ts.map
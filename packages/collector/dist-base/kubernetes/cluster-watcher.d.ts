import type { FastifyBaseLogger } from 'fastify';
import type { TableWriter } from '../store/writer.js';
import { ClusterWriter } from './cluster-writer.js';
import type { KubeClient } from './kube-client.js';
import { LeaderLease } from './leader-lease.js';
import { type ListWatchStats } from './list-watch.js';
import { PodTracker } from './pod-tracker.js';
export interface ClusterWatcherOptions {
    client: KubeClient;
    tables: TableWriter;
    log: FastifyBaseLogger;
    /** namespaces to watch; null = all */
    namespaces: readonly string[] | null;
    lease: {
        namespace: string;
        name: string;
        identity: string;
        durationMs?: number;
        retryPeriodMs?: number;
    };
    /** how long deletions and replica changes wait for the owner / HPA change that explains them */
    settleMs?: number;
    flushMs?: number;
}
/**
 * The cluster watcher: every replica runs the Lease election; the leader lists and watches owners
 * (ReplicaSets, Jobs, Deployments, StatefulSets, HPAs) first, then Pods and Events, and writes what
 * changed through the batching writer. Losing leadership stops the watches and drops what was not
 * written yet; the next leader lists everything again (writes are idempotent: see migration 0007).
 */
export declare class ClusterWatcher {
    private readonly o;
    readonly writer: ClusterWriter;
    readonly lease: LeaderLease;
    private term;
    /** list-watch counters summed over terms */
    private readonly totals;
    private readonly settleMs;
    private readonly flushMs;
    constructor(o: ClusterWatcherOptions);
    get isLeader(): boolean;
    start(): void;
    stop(release?: boolean): Promise<void>;
    /** Resolves once the current term listed everything (rejects when there is no term). */
    synced(): Promise<void>;
    stats(): ListWatchStats & {
        pods: number;
        pendingRows: number;
    };
    /** Memory held by the current term's pod tracker, for tests: pods and pending deletions. */
    podTracker(): PodTracker | null;
    private paths;
    private startTerm;
    private take;
    private endTerm;
}
//# sourceMappingURL=cluster-watcher.d.ts.map
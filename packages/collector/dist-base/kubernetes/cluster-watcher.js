import { ClusterWriter } from './cluster-writer.js';
import { eventRow } from './event-row.js';
import { LeaderLease } from './leader-lease.js';
import { ListWatch } from './list-watch.js';
import { PodTracker } from './pod-tracker.js';
import { WorkloadTracker } from './workload-tracker.js';
/** What a watched resource is: its API path prefix and how the trackers take it. */
const OWNER_RESOURCES = [
    { resource: 'replicasets', api: '/apis/apps/v1' },
    { resource: 'jobs', api: '/apis/batch/v1' },
    { resource: 'deployments', api: '/apis/apps/v1' },
    { resource: 'statefulsets', api: '/apis/apps/v1' },
    { resource: 'horizontalpodautoscalers', api: '/apis/autoscaling/v2' },
];
const POD_RESOURCES = [
    { resource: 'pods', api: '/api/v1' },
    { resource: 'events', api: '/api/v1' },
];
/**
 * The cluster watcher: every replica runs the Lease election; the leader lists and watches owners
 * (ReplicaSets, Jobs, Deployments, StatefulSets, HPAs) first, then Pods and Events, and writes what
 * changed through the batching writer. Losing leadership stops the watches and drops what was not
 * written yet; the next leader lists everything again (writes are idempotent: see migration 0007).
 */
export class ClusterWatcher {
    o;
    writer;
    lease;
    term = null;
    /** list-watch counters summed over terms */
    totals = { lists: 0, gone: 0, errors: 0, events: 0 };
    settleMs;
    flushMs;
    constructor(o) {
        this.o = o;
        this.settleMs = o.settleMs ?? 2_000;
        this.flushMs = o.flushMs ?? 500;
        this.writer = new ClusterWriter({
            tables: o.tables,
            onError: (err, table) => o.log.warn({ err, table }, 'kubernetes: insert failed; retrying'),
        });
        this.lease = new LeaderLease({
            client: o.client,
            ...o.lease,
            leaseDurationMs: o.lease.durationMs,
            retryPeriodMs: o.lease.retryPeriodMs,
            onChange: (leader) => (leader ? this.startTerm() : this.endTerm()),
            onError: (err) => o.log.warn({ err }, 'kubernetes: lease request failed'),
        });
    }
    get isLeader() {
        return this.lease.isLeader;
    }
    start() {
        this.lease.start();
    }
    async stop(release = true) {
        await this.lease.stop(release);
        this.endTerm();
    }
    /** Resolves once the current term listed everything (rejects when there is no term). */
    async synced() {
        if (!this.term)
            throw new Error('not the leader');
        await this.term.synced;
    }
    stats() {
        const s = { ...this.totals };
        for (const w of this.term?.watches ?? []) {
            s.lists += w.stats.lists;
            s.gone += w.stats.gone;
            s.errors += w.stats.errors;
            s.events += w.stats.events;
        }
        return { ...s, pods: this.term?.pods.size ?? 0, pendingRows: this.writer.pendingRows };
    }
    /** Memory held by the current term's pod tracker, for tests: pods and pending deletions. */
    podTracker() {
        return this.term?.pods ?? null;
    }
    paths(api, resource) {
        const ns = this.o.namespaces;
        if (!ns)
            return [`${api}/${resource}`];
        return ns.map((n) => `${api}/namespaces/${encodeURIComponent(n)}/${resource}`);
    }
    startTerm() {
        if (this.term)
            return;
        this.o.log.info('kubernetes: leader; watching the cluster');
        const abort = new AbortController();
        const workloads = new WorkloadTracker(this.writer);
        const pods = new PodTracker(this.writer, workloads);
        const watches = [];
        const start = (list) => list.flatMap(({ resource, api }) => this.paths(api, resource).map((path) => new Promise((resolve) => {
            const w = new ListWatch(this.o.client, path, resource, {
                onListPage: (objects, _r, first, last) => {
                    if (resource === 'pods')
                        pods.listPage(objects, first, last);
                    else
                        for (const obj of objects)
                            this.take(resource, 'ADDED', obj, workloads, pods);
                },
                onEvent: (type, obj) => this.take(resource, type, obj, workloads, pods),
            }, resolve);
            watches.push(w);
            void w.run(abort.signal);
        })));
        const synced = Promise.all(start(OWNER_RESOURCES)).then(async () => {
            if (abort.signal.aborted)
                return;
            await Promise.all(start(POD_RESOURCES));
        });
        const timer = setInterval(() => {
            workloads.settle(this.settleMs);
            pods.settle(this.settleMs);
            void this.writer.flush();
        }, this.flushMs);
        this.term = { abort, workloads, pods, watches, timer, synced };
    }
    take(resource, type, obj, workloads, pods) {
        const deleted = type === 'DELETED';
        switch (resource) {
            case 'pods':
                pods.event(type, obj);
                break;
            case 'events':
                if (!deleted)
                    this.writer.put('k8s_events', eventRow(obj, (uid) => pods.workloadOf(uid)));
                break;
            case 'replicasets':
                workloads.replicaSet(obj, deleted);
                break;
            case 'jobs':
                workloads.job(obj, deleted);
                break;
            case 'deployments':
                workloads.scalable('Deployment', obj, deleted);
                break;
            case 'statefulsets':
                workloads.scalable('StatefulSet', obj, deleted);
                break;
            case 'horizontalpodautoscalers':
                workloads.hpa(obj, deleted);
                break;
        }
    }
    endTerm() {
        const t = this.term;
        if (!t)
            return;
        this.term = null;
        this.o.log.info('kubernetes: not the leader; watches stopped');
        t.abort.abort();
        clearInterval(t.timer);
        for (const w of t.watches) {
            this.totals.lists += w.stats.lists;
            this.totals.gone += w.stats.gone;
            this.totals.errors += w.stats.errors;
            this.totals.events += w.stats.events;
        }
        this.writer.clear();
    }
}
//# sourceMappingURL=cluster-watcher.js.map
import type { KubernetesChange } from '@podtrail/contracts/api';
import type { FastifyBaseLogger } from 'fastify';
import type { TableWriter } from '../store/writer.js';
import type { ClusterRows, ClusterSink, ClusterTable } from './cluster-rows.js';
import { ClusterWriter } from './cluster-writer.js';
import { eventRow } from './event-row.js';
import type { KubeClient } from './kube-client.js';
import { LeaderLease } from './leader-lease.js';
import { ListWatch, type ListWatchStats } from './list-watch.js';
import { liveChange } from './live-changes.js';
import { PodTracker } from './pod-tracker.js';
import { WorkloadTracker } from './workload-tracker.js';

export interface ClusterWatcherOptions {
  client: KubeClient;
  tables: TableWriter;
  log: FastifyBaseLogger;
  /** namespaces to watch; null = all */
  namespaces: readonly string[] | null;
  lease: { namespace: string; name: string; identity: string; durationMs?: number; retryPeriodMs?: number };
  /** how long deletions and replica changes wait for the owner / HPA change that explains them */
  settleMs?: number;
  flushMs?: number;
  /** each change stored after the term's first lists (the live stream: kubernetes/index.ts) */
  onChange?: (change: KubernetesChange) => void;
}

/** What a watched resource is: its API path prefix and how the trackers take it. */
const OWNER_RESOURCES = [
  { resource: 'replicasets', api: '/apis/apps/v1' },
  { resource: 'jobs', api: '/apis/batch/v1' },
  { resource: 'deployments', api: '/apis/apps/v1' },
  { resource: 'statefulsets', api: '/apis/apps/v1' },
  { resource: 'daemonsets', api: '/apis/apps/v1' },
  { resource: 'cronjobs', api: '/apis/batch/v1' },
  { resource: 'horizontalpodautoscalers', api: '/apis/autoscaling/v2' },
] as const;
const POD_RESOURCES = [
  { resource: 'pods', api: '/api/v1' },
  { resource: 'events', api: '/api/v1' },
] as const;

/** Every resource the watcher lists and watches (REQUIRED_ACCESS grants read on exactly these: tested). */
export const WATCHED_RESOURCES: readonly { resource: string; api: string }[] = [...OWNER_RESOURCES, ...POD_RESOURCES];

/** One leadership term: the trackers, the list-watches and the timers, all dropped at its end. */
interface Term {
  abort: AbortController;
  workloads: WorkloadTracker;
  pods: PodTracker;
  watches: ListWatch[];
  timer: NodeJS.Timeout;
  synced: Promise<void>;
}

/**
 * The cluster watcher: every replica runs the Lease election; the leader lists and watches owners
 * (ReplicaSets, Jobs, Deployments, StatefulSets, DaemonSets, CronJobs, HPAs) first, then Pods and
 * Events, and writes what changed through the batching writer; what it stores after those first
 * lists goes to `onChange` too (the live stream). Losing leadership stops the watches and drops what
 * was not written yet; the next leader lists everything again (writes are idempotent: see migration 0007).
 */
export class ClusterWatcher {
  readonly writer: ClusterWriter;
  readonly lease: LeaderLease;
  private term: Term | null = null;
  /** list-watch counters summed over terms */
  private readonly totals: ListWatchStats = { lists: 0, gone: 0, errors: 0, events: 0 };
  private readonly settleMs: number;
  private readonly flushMs: number;
  /** rows to push live once stored: put after the term's first lists (a list is no news) */
  private readonly liveRows = new WeakSet<object>();

  constructor(private readonly o: ClusterWatcherOptions) {
    this.settleMs = o.settleMs ?? 2_000;
    this.flushMs = o.flushMs ?? 500;
    this.writer = new ClusterWriter({
      tables: o.tables,
      onError: (err, table) => o.log.warn({ err, table }, 'kubernetes: insert failed; retrying'),
      onWritten: (table, rows) => this.written(table, rows),
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

  get isLeader(): boolean {
    return this.lease.isLeader;
  }

  start(): void {
    this.lease.start();
  }

  async stop(release = true): Promise<void> {
    await this.lease.stop(release);
    this.endTerm();
  }

  /** Resolves once the current term listed everything (rejects when there is no term). */
  async synced(): Promise<void> {
    if (!this.term) throw new Error('not the leader');
    await this.term.synced;
  }

  stats(): ListWatchStats & { pods: number; pendingRows: number } {
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
  podTracker(): PodTracker | null {
    return this.term?.pods ?? null;
  }

  private written(table: ClusterTable, rows: readonly object[]): void {
    const publish = this.o.onChange;
    if (!publish) return;
    const now = Date.now();
    for (const row of rows) {
      if (!this.liveRows.has(row)) continue;
      this.liveRows.delete(row);
      const change = liveChange(table, row as ClusterRows[typeof table], now);
      if (change) publish(change);
    }
  }

  private paths(api: string, resource: string): string[] {
    const ns = this.o.namespaces;
    if (!ns) return [`${api}/${resource}`];
    return ns.map((n) => `${api}/namespaces/${encodeURIComponent(n)}/${resource}`);
  }

  private startTerm(): void {
    if (this.term) return;
    this.o.log.info('kubernetes: leader; watching the cluster');
    const abort = new AbortController();
    let listed = false;
    const sink: ClusterSink = {
      put: (table, row) => {
        this.writer.put(table, row);
        if (listed && this.o.onChange) this.liveRows.add(row);
      },
    };
    const workloads = new WorkloadTracker(sink);
    const pods = new PodTracker(sink, workloads);
    const watches: ListWatch[] = [];
    const start = (list: readonly { resource: string; api: string }[]): Promise<void>[] =>
      list.flatMap(({ resource, api }) =>
        this.paths(api, resource).map(
          (path) =>
            new Promise<void>((resolve) => {
              const w = new ListWatch(
                this.o.client,
                path,
                resource,
                {
                  onListPage: (objects, _r, first, last) => {
                    if (resource === 'pods') pods.listPage(objects, first, last);
                    else for (const obj of objects) this.take(resource, 'ADDED', obj, workloads, pods, sink);
                  },
                  onEvent: (type, obj) => this.take(resource, type, obj, workloads, pods, sink),
                },
                resolve,
              );
              watches.push(w);
              void w.run(abort.signal);
            }),
        ),
      );
    const synced = Promise.all(start(OWNER_RESOURCES)).then(async () => {
      if (abort.signal.aborted) return;
      await Promise.all(start(POD_RESOURCES));
      listed = true;
    });
    const timer = setInterval(() => {
      workloads.settle(this.settleMs);
      pods.settle(this.settleMs);
      void this.writer.flush();
    }, this.flushMs);
    this.term = { abort, workloads, pods, watches, timer, synced };
  }

  private take(
    resource: string,
    type: 'ADDED' | 'MODIFIED' | 'DELETED',
    obj: Parameters<PodTracker['event']>[1],
    workloads: WorkloadTracker,
    pods: PodTracker,
    sink: ClusterSink,
  ): void {
    const deleted = type === 'DELETED';
    switch (resource) {
      case 'pods':
        pods.event(type, obj);
        break;
      case 'events':
        if (!deleted)
          sink.put(
            'k8s_events',
            eventRow(
              obj,
              (uid) => pods.workloadOf(uid),
              (ns, kind, name) => workloads.workloadOf(ns, kind, name).name,
            ),
          );
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
      case 'daemonsets':
        workloads.scalable('DaemonSet', obj, deleted);
        break;
      case 'cronjobs':
        workloads.cronJob(obj, deleted);
        break;
      case 'horizontalpodautoscalers':
        workloads.hpa(obj, deleted);
        break;
    }
  }

  private endTerm(): void {
    const t = this.term;
    if (!t) return;
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

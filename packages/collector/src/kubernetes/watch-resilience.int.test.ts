import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithApiServer, type KubeApiServer, startApiServer } from '../../../../test/support/kube-apiserver.js';
import { queryRows } from '../testing/ingest-harness.js';
import { containerStatus, iso, type KubeObjects } from '../testing/kube-objects.js';
import { otlpOnlyApp } from '../testing/otlp-only-app.js';
import { waitForValue } from '../testing/wait-for.js';
import { createWatchedNamespaces, watchedNamespaces } from '../testing/watched-cluster.js';
import type { ClusterRows, ClusterSink, ClusterTable } from './cluster-rows.js';
import { ClusterWatcher } from './cluster-watcher.js';
import { KubeClient, loadKubeConfig } from './kube-client.js';
import { ListWatch } from './list-watch.js';
import { PodTracker } from './pod-tracker.js';
import { WorkloadTracker } from './workload-tracker.js';

/**
 * Watch resilience on an API server of this file's own: a restart of the API server in the middle
 * of a watch, and a 410 Gone (the watch's resourceVersion compacted away in etcd, the watch cache
 * rebuilt by a restart) lose no transition; and Lease leader election: of two watchers only the
 * leader writes, and the other takes over when the leader stops renewing.
 */
const T0 = Math.floor(Date.now() / 1000) * 1000 - 300_000;
const at = (s: number) => iso(T0 + s * 1000);

class RowSink implements ClusterSink {
  readonly rows: { [K in ClusterTable]?: ClusterRows[K][] } = {};
  put<T extends ClusterTable>(table: T, row: ClusterRows[T]): void {
    const list = (this.rows[table] ?? []) as ClusterRows[T][];
    list.push(row);
    (this.rows as Record<string, unknown>)[table] = list;
  }
}

/** etcd's current revision and a compaction up to it (etcd's JSON gateway). */
async function compactEtcd(etcdUrl: string): Promise<number> {
  const range = await fetch(`${etcdUrl}/v3/kv/range`, {
    method: 'POST',
    body: JSON.stringify({ key: Buffer.from('/').toString('base64') }),
  });
  const rev = Number(((await range.json()) as { header: { revision: string } }).header.revision);
  const res = await fetch(`${etcdUrl}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision: String(rev), physical: true }),
  });
  if (!res.ok) throw new Error(`etcd compaction: ${res.status} ${await res.text()}`);
  return rev;
}

describeWithApiServer('watch resilience', (startTimeoutMs) => {
  let server: KubeApiServer;
  let k: KubeObjects;
  const watched = watchedNamespaces('r');
  const { ns, leaseNs } = watched;

  beforeAll(async () => {
    server = await startApiServer({ own: true });
    k = await createWatchedNamespaces(server.kubeconfigPath, watched);
  }, startTimeoutMs);

  afterAll(async () => {
    await server?.stop();
  });
  // the tables the tests' own watchers write to; registered after the API server's hooks, so built
  // once the server runs and closed before it stops
  const collector = otlpOnlyApp({ brokers: '127.0.0.1:1', build: { kubernetes: false } });
  const db = collector.config.database;

  const reader = () => new KubeClient(loadKubeConfig(server.readerKubeconfigPath));
  const oomStatus = (restarts: number, startS: number, endS: number) => ({
    phase: 'Running',
    startTime: at(0),
    containerStatuses: [
      containerStatus(
        'app',
        restarts,
        { running: { startedAt: at(endS + 1) } },
        { terminated: { reason: 'OOMKilled', exitCode: 137, startedAt: at(startS), finishedAt: at(endS) } },
      ),
    ],
  });

  it('loses no transition across an API server restart in the middle of a watch', async () => {
    const watcher = new ClusterWatcher({
      client: reader(),
      tables: collector.app.tables,
      log: collector.app.log,
      namespaces: [ns],
      lease: { namespace: leaseNs, name: 'restart-test', identity: 'r1', durationMs: 60_000 },
      settleMs: 500,
    });
    watcher.start();
    try {
      await waitForValue(() => watcher.isLeader, Boolean, { what: 'leadership' });
      await watcher.synced();
      await k.pod(ns, 'rs-a', { node: 'node-1' });
      await k.podStatus(ns, 'rs-a', oomStatus(1, 1, 10));
      const restarting = server.restart();
      await restarting;
      await k.podStatus(ns, 'rs-a', oomStatus(2, 11, 20));
      await k.pod(ns, 'rs-b', { node: 'node-1' });
      await k.podStatus(ns, 'rs-b', oomStatus(1, 1, 30));
      const terms = await waitForValue(
        () =>
          queryRows<{ p: string; r: number; f: number }>(
            collector.app,
            `SELECT PodName AS p, RestartCount AS r, toUnixTimestamp64Milli(FinishedAt) AS f FROM ${db}.k8s_terminations FINAL
             WHERE Namespace = {ns:String} ORDER BY p, f`,
            { ns },
          ),
        (r) => r.length >= 3,
        { what: 'the three OOM kills' },
      );
      expect(terms).toEqual([
        { p: 'rs-a', r: 1, f: T0 + 10_000 },
        { p: 'rs-a', r: 2, f: T0 + 20_000 },
        { p: 'rs-b', r: 1, f: T0 + 30_000 },
      ]);
      // the same term (no new leadership): the watches failed while the server was down and came back
      expect(watcher.isLeader).toBe(true);
      expect(watcher.stats().errors).toBeGreaterThan(0);
    } finally {
      await watcher.stop();
    }
  }, 300_000);

  it('re-lists after 410 Gone (compacted resourceVersion) and loses no transition', async () => {
    const sink = new RowSink();
    const workloads = new WorkloadTracker(sink);
    const pods = new PodTracker(sink, workloads);
    const path = `/api/v1/namespaces/${ns}/pods`;
    const lw = new ListWatch(reader(), path, 'pods', {
      onListPage: (objects, _r, first, last) => pods.listPage(objects, first, last),
      onEvent: (type, o) => pods.event(type, o),
    });
    await k.pod(ns, 'gone-a', { node: 'node-1' });
    await k.pod(ns, 'gone-b', { node: 'node-1' });
    let abort = new AbortController();
    let running = lw.run(abort.signal);
    await waitForValue(
      () => pods.size,
      (n) => n >= 4,
      { what: 'pods listed' },
    );
    await k.podStatus(ns, 'gone-a', oomStatus(1, 1, 40));
    await waitForValue(
      () => (sink.rows.k8s_terminations ?? []).filter((t) => t.PodName === 'gone-a').length,
      (n) => n === 1,
      { what: 'the first kill watched' },
    );
    // the watcher is cut off; meanwhile gone-a is killed again, gone-b deleted, and history compacted
    abort.abort();
    await running;
    await k.podStatus(ns, 'gone-a', oomStatus(2, 41, 50));
    await k.deletePod(ns, 'gone-b');
    for (let i = 0; i < 20; i++) await k.podStatus(ns, 'rs-b', { message: `churn ${i}` });
    await compactEtcd(server.etcdUrl);
    await server.restart();
    abort = new AbortController();
    running = lw.run(abort.signal);
    try {
      await waitForValue(
        () => lw.stats.gone,
        (n) => n >= 1,
        { what: 'a 410 Gone' },
      );
      await waitForValue(
        () => lw.stats.lists,
        (n) => n >= 2,
        { what: 'the re-list' },
      );
      await waitForValue(
        () => pods.counts().pendingDeletions,
        (n) => n === 1,
        { what: 'gone-b seen deleted' },
      );
      pods.settle(0);
      const terms = (sink.rows.k8s_terminations ?? [])
        .filter((t) => t.PodName.startsWith('gone-'))
        .map((t) => [t.PodName, t.Container, t.Reason, t.RestartCount]);
      expect(terms).toEqual([
        ['gone-a', 'app', 'OOMKilled', 1],
        ['gone-a', 'app', 'OOMKilled', 2],
        ['gone-b', '', 'Deleted', 0],
      ]);
    } finally {
      abort.abort();
      await running;
    }
  }, 300_000);

  it('elects one writer; the other takes over when the leader stops renewing', async () => {
    const mk = (identity: string) =>
      new ClusterWatcher({
        client: reader(),
        tables: collector.app.tables,
        log: collector.app.log,
        namespaces: [ns],
        lease: { namespace: leaseNs, name: 'election-test', identity, durationMs: 3_000, retryPeriodMs: 500 },
        settleMs: 500,
      });
    const a = mk('a');
    const b = mk('b');
    a.start();
    await waitForValue(() => a.isLeader, Boolean, { what: 'a to lead' });
    b.start();
    try {
      await a.synced();
      await waitForValue(
        () => a.writer.written.k8s_pods,
        (n) => n > 0,
        { what: 'the leader to write' },
      );
      // b keeps trying for more than a lease duration: it stays a follower and writes nothing
      const bTried = Date.now();
      await waitForValue(
        () => Date.now() - bTried,
        (ms) => ms > 4_000,
        { what: 'a lease duration', intervalMs: 500 },
      );
      expect(b.isLeader).toBe(false);
      expect(Object.values(b.writer.written)).toEqual([0, 0, 0, 0, 0]);
      // the leader stops renewing (a hung or partitioned replica: it does not release the lease)
      await a.stop(false);
      await waitForValue(() => b.isLeader, Boolean, { what: 'b to take over', timeoutMs: 30_000 });
      await b.synced();
      await waitForValue(
        () => b.writer.written.k8s_pods,
        (n) => n > 0,
        { what: 'the new leader to write' },
      );
      const lease = await k.client.request<{ spec: { holderIdentity: string; leaseTransitions: number } }>(
        'GET',
        `/apis/coordination.k8s.io/v1/namespaces/${leaseNs}/leases/election-test`,
      );
      expect(lease.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    } finally {
      await a.stop(false);
      await b.stop();
    }
  }, 300_000);
});

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiServerAvailability,
  apiServerStartTimeout,
  type KubeApiServer,
  startApiServer,
} from '../../../../test/support/kube-apiserver.js';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { queryRows, testConfig, uniqueSuffix } from '../testing/ingest-harness.js';
import { containerStatus, iso, type KubeObj, KubeObjects } from '../testing/kube-objects.js';
import { waitForValue } from '../testing/wait-for.js';

/**
 * The cluster watcher against a real kube-apiserver (no kubelet, no controllers: the test writes pod
 * and HPA status as they would), with the reader's token plus the Lease rights of REQUIRED_ACCESS,
 * into embedded ClickHouse: container terminations with the cluster's reasons, pod-level ends,
 * restart counts, waiting reasons, pods that never ran, events, HPA and replica history.
 */
const availability = apiServerAvailability();
const title = availability.available ? 'cluster watcher' : `cluster watcher (skipped: ${availability.reason})`;

const T0 = Math.floor(Date.now() / 1000) * 1000 - 600_000;
const at = (s: number) => iso(T0 + s * 1000);

describe.skipIf(!availability.available)(title, () => {
  let server: KubeApiServer;
  let k: KubeObjects;
  let app: FastifyInstance;
  const chTarget = clickhouseTarget();
  const ns = `w-${uniqueSuffix()}`;
  const leaseNs = `lease-${uniqueSuffix()}`;
  let db: string;
  let deploy: KubeObj;
  let rs: KubeObj;
  const pods: Record<string, KubeObj> = {};

  beforeAll(async () => {
    server = await startApiServer();
    k = new KubeObjects(server.kubeconfigPath);
    await k.namespace(ns);
    await k.namespace(leaseNs);
    await k.grantLease('podtrail-reader', leaseNs);
    deploy = await k.deployment(ns, 'web', 5);
    rs = await k.replicaSet(ns, 'web-5d8f7c9b4', deploy, 5, 1);
    const cfg = testConfig('127.0.0.1:1', chTarget);
    db = cfg.database;
    app = await build(cfg, {
      kafka: false,
      live: false,
      kubernetes: {
        kubeconfigPath: server.readerKubeconfigPath,
        namespaces: [ns],
        leaseNamespace: leaseNs,
        leaseName: 'podtrail-collector',
        identity: 'test-a',
        leaseDurationMs: 5_000,
      },
      kubernetesSettleMs: 1_000,
    });
    await waitForValue(() => app.clusterWatcher?.isLeader, Boolean, { what: 'the watcher to lead' });
    await app.clusterWatcher?.synced();
  }, apiServerStartTimeout(availability));

  afterAll(async () => {
    await app?.close();
    await chTarget.cleanup();
  });

  const rows = <T>(q: string, p: Record<string, unknown> = {}) => queryRows<T>(app, q, { ns, ...p });
  interface Term {
    PodName: string;
    Container: string;
    Reason: string;
    ExitCode: number;
    Signal: number;
    Message: string;
    FinishedAt: number;
    RestartCount: number;
  }
  const terminations = (pod: string) =>
    rows<Term>(
      `SELECT PodName, Container, Reason, ExitCode, Signal, Message, toUnixTimestamp64Milli(FinishedAt) AS FinishedAt, RestartCount
       FROM ${db}.k8s_terminations FINAL WHERE Namespace = {ns:String} AND PodName = {p:String} ORDER BY FinishedAt, Container`,
      { p: pod },
    );
  const waitTerminations = (pod: string, n: number) =>
    waitForValue(
      () => terminations(pod),
      (r) => r.length >= n,
      { what: `${n} terminations of ${pod}` },
    );

  it('records an OOM kill with the restart count, an error exit then CrashLoopBackOff, as the cluster says', async () => {
    pods.oom = await k.pod(ns, 'web-oom', { owner: rs, node: 'node-1' });
    await k.podStatus(ns, 'web-oom', {
      phase: 'Running',
      startTime: at(0),
      containerStatuses: [
        containerStatus(
          'app',
          1,
          { running: { startedAt: at(40) } },
          { terminated: { reason: 'OOMKilled', exitCode: 137, startedAt: at(1), finishedAt: at(39), containerID: 'containerd://a1' } },
          true,
        ),
      ],
    });
    pods.err = await k.pod(ns, 'web-err', { owner: rs, node: 'node-1' });
    await k.podStatus(ns, 'web-err', {
      phase: 'Running',
      startTime: at(0),
      containerStatuses: [
        containerStatus(
          'app',
          2,
          { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=app' } },
          { terminated: { reason: 'Error', exitCode: 2, startedAt: at(30), finishedAt: at(31) } },
        ),
      ],
    });
    const oom = await waitTerminations('web-oom', 1);
    expect(oom).toEqual([
      { PodName: 'web-oom', Container: 'app', Reason: 'OOMKilled', ExitCode: 137, Signal: 0, Message: '', FinishedAt: T0 + 39_000, RestartCount: 1 },
    ]);
    const err = await waitTerminations('web-err', 1);
    expect(err.map((t) => [t.Reason, t.ExitCode, t.RestartCount])).toEqual([['Error', 2, 2]]);
    const podRows = await waitForValue(
      () =>
        rows<{ PodName: string; RestartCount: number; WaitingReason: string; Workload: string; WorkloadKind: string }>(
          `SELECT PodName, RestartCount, WaitingReason, Workload, WorkloadKind FROM ${db}.k8s_pods FINAL
           WHERE Namespace = {ns:String} AND PodName IN ('web-oom', 'web-err') ORDER BY PodName`,
        ),
      (r) => r.length === 2 && r[0]!.WaitingReason === 'CrashLoopBackOff',
      { what: 'pod rows' },
    );
    expect(podRows).toEqual([
      { PodName: 'web-err', RestartCount: 2, WaitingReason: 'CrashLoopBackOff', Workload: 'web', WorkloadKind: 'Deployment' },
      { PodName: 'web-oom', RestartCount: 1, WaitingReason: '', Workload: 'web', WorkloadKind: 'Deployment' },
    ]);
  });
});

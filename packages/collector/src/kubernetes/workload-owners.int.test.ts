import type { PodsResponse, WorkloadHpaResponse } from '@podtrail/contracts/api';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithApiServer, type KubeApiServer, startApiServer } from '../../../../test/support/kube-apiserver.js';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { getOk, queryRows, testConfig } from '../testing/ingest-harness.js';
import { containerStatus, iso, type KubeObj, type KubeObjects } from '../testing/kube-objects.js';
import { waitForValue } from '../testing/wait-for.js';
import {
  createWatchedNamespaces,
  readerWatchConfig,
  untilWatcherLeads,
  watchedNamespaces,
} from '../testing/watched-cluster.js';

/**
 * Pods of DaemonSets and of CronJobs (Pod -> Job -> CronJob) against a real kube-apiserver, with the
 * reader's token: the workload recorded for them is the DaemonSet / CronJob, their terminations are
 * recorded with it, the pods list and the workload's restart markers show them under it, and a
 * DaemonSet's desired pods are its replica history.
 */

const T0 = Math.floor(Date.now() / 1000) * 1000 - 300_000;
const at = (s: number) => iso(T0 + s * 1000);

describeWithApiServer('DaemonSet and CronJob pods', (startTimeoutMs) => {
  let server: KubeApiServer;
  let k: KubeObjects;
  let app: FastifyInstance;
  const chTarget = clickhouseTarget();
  const watched = watchedNamespaces('o');
  const { ns } = watched;
  let db: string;
  let ds: KubeObj;
  let cron: KubeObj;
  let listedJob: KubeObj;

  beforeAll(async () => {
    server = await startApiServer();
    k = await createWatchedNamespaces(server.kubeconfigPath, watched);
    // owners that exist before the watcher starts (listed) ...
    ds = await k.daemonSet(ns, 'node-agent');
    cron = await k.cronJob(ns, 'nightly');
    listedJob = await k.job(ns, 'nightly-29400000', cron);
    const cfg = testConfig('127.0.0.1:1', chTarget);
    db = cfg.database;
    app = await build(cfg, {
      kafka: false,
      live: false,
      kubernetes: readerWatchConfig(server.readerKubeconfigPath, watched, 'owners-test'),
      kubernetesSettleMs: 500,
    });
    await untilWatcherLeads(app);
  }, startTimeoutMs);

  afterAll(async () => {
    await app?.close();
    await server?.stop();
    await chTarget.cleanup();
  });

  const rows = <T>(q: string, p: Record<string, unknown> = {}) => queryRows<T>(app, q, { ns, ...p });
  const get = <T>(url: string) => getOk<T>(app, url);
  interface PodRow {
    PodName: string;
    Workload: string;
    WorkloadKind: string;
    RestartCount: number;
  }
  const podRows = () =>
    rows<PodRow>(
      `SELECT PodName, Workload, WorkloadKind, RestartCount FROM ${db}.k8s_pods FINAL
       WHERE Namespace = {ns:String} ORDER BY PodName`,
    );
  interface TermRow {
    PodName: string;
    Workload: string;
    Container: string;
    Reason: string;
    ExitCode: number;
    RestartCount: number;
    FinishedAt: number;
  }
  const termRows = () =>
    rows<TermRow>(
      `SELECT PodName, Workload, Container, Reason, ExitCode, RestartCount, toUnixTimestamp64Milli(FinishedAt) AS FinishedAt
       FROM ${db}.k8s_terminations FINAL WHERE Namespace = {ns:String} ORDER BY PodName, FinishedAt`,
    );

  it("records a DaemonSet's and a CronJob's pods under their workload, with their terminations", async () => {
    // ... and a Job the CronJob makes while the watcher runs: its pod may be seen before the Job
    const newJob = await k.job(ns, 'nightly-29400005', cron);
    await k.pod(ns, 'node-agent-x7k2p', { owner: ds, ownerKind: 'DaemonSet', node: 'node-1' });
    await k.pod(ns, 'nightly-29400000-abcde', { owner: listedJob, ownerKind: 'Job', node: 'node-1' });
    await k.pod(ns, 'nightly-29400005-fghij', { owner: newJob, ownerKind: 'Job', node: 'node-2' });
    await k.podStatus(ns, 'node-agent-x7k2p', {
      phase: 'Running',
      startTime: at(0),
      containerStatuses: [
        containerStatus(
          'app',
          1,
          { running: { startedAt: at(31) } },
          { terminated: { reason: 'OOMKilled', exitCode: 137, startedAt: at(1), finishedAt: at(30) } },
          true,
        ),
      ],
    });
    await k.podStatus(ns, 'nightly-29400000-abcde', {
      phase: 'Failed',
      startTime: at(0),
      containerStatuses: [
        containerStatus('app', 0, {
          terminated: { reason: 'Error', exitCode: 3, startedAt: at(2), finishedAt: at(40) },
        }),
      ],
    });
    await k.podStatus(ns, 'nightly-29400005-fghij', {
      phase: 'Succeeded',
      startTime: at(50),
      containerStatuses: [
        containerStatus('app', 0, {
          terminated: { reason: 'Completed', exitCode: 0, startedAt: at(51), finishedAt: at(60) },
        }),
      ],
    });

    const terms = await waitForValue(termRows, (r) => r.length >= 3, { what: 'three terminations' });
    expect(terms).toEqual([
      {
        PodName: 'nightly-29400000-abcde',
        Workload: 'nightly',
        Container: 'app',
        Reason: 'Error',
        ExitCode: 3,
        RestartCount: 0,
        FinishedAt: T0 + 40_000,
      },
      {
        PodName: 'nightly-29400005-fghij',
        Workload: 'nightly',
        Container: 'app',
        Reason: 'Completed',
        ExitCode: 0,
        RestartCount: 0,
        FinishedAt: T0 + 60_000,
      },
      {
        PodName: 'node-agent-x7k2p',
        Workload: 'node-agent',
        Container: 'app',
        Reason: 'OOMKilled',
        ExitCode: 137,
        RestartCount: 1,
        FinishedAt: T0 + 30_000,
      },
    ]);
    expect(await podRows()).toEqual([
      { PodName: 'nightly-29400000-abcde', Workload: 'nightly', WorkloadKind: 'CronJob', RestartCount: 0 },
      { PodName: 'nightly-29400005-fghij', Workload: 'nightly', WorkloadKind: 'CronJob', RestartCount: 0 },
      { PodName: 'node-agent-x7k2p', Workload: 'node-agent', WorkloadKind: 'DaemonSet', RestartCount: 1 },
    ]);

    // the pods list (pods that never ran an agent are pods too) and its workload filter
    const window = `from=${T0 - 3_600_000}&to=now&limit=100`;
    const all = await get<PodsResponse>(`/api/v1/pods?namespace=${ns}&${window}`);
    expect(all.pods.map((p) => [p.podName, p.workload]).sort()).toEqual([
      ['nightly-29400000-abcde', 'nightly'],
      ['nightly-29400005-fghij', 'nightly'],
      ['node-agent-x7k2p', 'node-agent'],
    ]);
    const nightly = await get<PodsResponse>(`/api/v1/pods?namespace=${ns}&workload=nightly&${window}`);
    expect(nightly.pods.map((p) => p.podName).sort()).toEqual(['nightly-29400000-abcde', 'nightly-29400005-fghij']);

    // the workload page's restart markers
    const hpa = await get<WorkloadHpaResponse>(
      `/api/v1/workloads/${ns}/node-agent/hpa?from=${T0 - 60_000}&to=${T0 + 3_600_000}`,
    );
    expect(hpa.terminations.map((t) => [t.podName, t.reason, t.exitCode, t.description])).toEqual([
      ['node-agent-x7k2p', 'OOMKilled', 137, 'OOMKilled: exit code 137 (SIGKILL)'],
    ]);
  });

  it("keeps a DaemonSet's desired pods as its replica history", async () => {
    const status = (desired: number, ready: number) =>
      k.patch(
        ns,
        '/apis/apps/v1',
        'daemonsets',
        'node-agent',
        {
          status: {
            desiredNumberScheduled: desired,
            currentNumberScheduled: desired,
            numberMisscheduled: 0,
            numberReady: ready,
            updatedNumberScheduled: desired,
            numberAvailable: ready,
          },
        },
        'status',
      );
    await status(2, 2);
    await status(3, 2);
    const replicas = await waitForValue(
      () =>
        rows<{ Kind: string; Replicas: number; FromReplicas: number; ReadyReplicas: number; Cause: string }>(
          `SELECT Kind, Replicas, FromReplicas, ReadyReplicas, Cause FROM ${db}.k8s_workload_replicas FINAL
           WHERE Namespace = {ns:String} AND Name = 'node-agent' ORDER BY Timestamp`,
        ),
      (r) => r.some((x) => x.Replicas === 3),
      { what: 'the DaemonSet scaled to 3 desired pods' },
    );
    expect(replicas).toEqual([
      { Kind: 'DaemonSet', Replicas: 0, FromReplicas: 0, ReadyReplicas: 0, Cause: 'observed' },
      {
        Kind: 'DaemonSet',
        Replicas: 2,
        FromReplicas: 0,
        ReadyReplicas: 2,
        Cause: 'desired pods 0→2 (nodes matching the DaemonSet)',
      },
      {
        Kind: 'DaemonSet',
        Replicas: 3,
        FromReplicas: 2,
        ReadyReplicas: 2,
        Cause: 'desired pods 2→3 (nodes matching the DaemonSet)',
      },
    ]);
  });
});

import { encodeOtlp, LIFECYCLE_EVENTS } from '@podtrail/contracts';
import type {
  EventsResponse,
  PodKubernetesResponse,
  PodsResponse,
  PostMortemResponse,
  WorkloadHpaResponse,
} from '@podtrail/contracts/api';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithApiServer, type KubeApiServer, startApiServer } from '../../../../test/support/kube-apiserver.js';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { getOk, queryRows, testConfig } from '../testing/ingest-harness.js';
import { containerStatus, HPA_UP_AND_IN, iso, type KubeObj, type KubeObjects } from '../testing/kube-objects.js';
import { lifecycleRequest, type PodSpec } from '../testing/otlp-fixtures.js';
import { waitForValue } from '../testing/wait-for.js';
import {
  createWatchedNamespaces,
  readerWatchConfig,
  untilWatcherLeads,
  watchedNamespaces,
} from '../testing/watched-cluster.js';

/**
 * The cluster watcher against a real kube-apiserver (no kubelet, no controllers: the test writes pod
 * and HPA status as they would), with the reader's token plus the Lease rights of REQUIRED_ACCESS,
 * into embedded ClickHouse: container terminations with the cluster's reasons, pod-level ends,
 * restart counts, waiting reasons, pods that never ran, events, HPA and replica history.
 */

const T0 = Math.floor(Date.now() / 1000) * 1000 - 600_000;
const at = (s: number) => iso(T0 + s * 1000);

describeWithApiServer('cluster watcher', (startTimeoutMs) => {
  let server: KubeApiServer;
  let k: KubeObjects;
  let app: FastifyInstance;
  const chTarget = clickhouseTarget();
  const watched = watchedNamespaces('w');
  const { ns } = watched;
  let db: string;
  let deploy: KubeObj;
  let rs: KubeObj;
  const pods: Record<string, KubeObj> = {};

  beforeAll(async () => {
    server = await startApiServer();
    k = await createWatchedNamespaces(server.kubeconfigPath, watched);
    deploy = await k.deployment(ns, 'web', 5);
    rs = await k.replicaSet(ns, 'web-5d8f7c9b4', deploy, 5, 1);
    const cfg = testConfig('127.0.0.1:1', chTarget, { vanishHeartbeats: 3 });
    db = cfg.database;
    app = await build(cfg, {
      kafka: false,
      live: false,
      kubernetes: readerWatchConfig(server.readerKubeconfigPath, watched, 'test-a'),
      kubernetesSettleMs: 1_000,
    });
    await untilWatcherLeads(app);
  }, startTimeoutMs);

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
          {
            terminated: {
              reason: 'OOMKilled',
              exitCode: 137,
              startedAt: at(1),
              finishedAt: at(39),
              containerID: 'containerd://a1',
            },
          },
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
      {
        PodName: 'web-oom',
        Container: 'app',
        Reason: 'OOMKilled',
        ExitCode: 137,
        Signal: 0,
        Message: '',
        FinishedAt: T0 + 39_000,
        RestartCount: 1,
      },
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
    expect(podRows.map((r) => [r.PodName, r.RestartCount, r.WaitingReason, r.Workload, r.WorkloadKind])).toEqual([
      ['web-err', 2, 'CrashLoopBackOff', 'web', 'Deployment'],
      ['web-oom', 1, '', 'web', 'Deployment'],
    ]);
  });

  const get = <T>(url: string) => getOk<T>(app, url);
  const describePod = (uid: string) => get<PodKubernetesResponse>(`/api/v1/pods/${uid}/kubernetes`);
  const listPods = () => get<PodsResponse>(`/api/v1/pods?namespace=${ns}&from=${T0 - 3_600_000}&to=now&limit=5000`);
  const podRowOf = (name: string) =>
    rows<{ EndReason: string; Deleted: number; Phase: string }>(
      `SELECT EndReason, Deleted, Phase FROM ${db}.k8s_pods FINAL WHERE Namespace = {ns:String} AND PodName = {p:String}
       ORDER BY Version DESC LIMIT 1`,
      { p: name },
    );

  it("names a liveness probe as the cause of a kill, with the pod's events", async () => {
    pods.live = await k.pod(ns, 'web-live', { owner: rs, node: 'node-1' });
    const live = { ...pods.live, kind: 'Pod' };
    const probe = 'Liveness probe failed: HTTP probe failed with statuscode: 500';
    await k.event(ns, live, {
      reason: 'Unhealthy',
      message: probe,
      type: 'Warning',
      count: 3,
      at: new Date(T0 + 50_000),
    });
    await k.event(ns, live, {
      reason: 'Killing',
      message: 'Container app failed liveness probe, will be restarted',
      at: new Date(T0 + 51_000),
    });
    await k.podStatus(ns, 'web-live', {
      phase: 'Running',
      startTime: at(0),
      containerStatuses: [
        containerStatus(
          'app',
          1,
          { running: { startedAt: at(53) } },
          { terminated: { reason: 'Error', exitCode: 137, startedAt: at(2), finishedAt: at(52) } },
        ),
      ],
    });
    const d = await waitForValue(
      () => describePod(pods.live!.metadata.uid).catch(() => null),
      (r) => r !== null && r.terminations.length === 1 && r.events.length === 2 && r.containers.length === 1,
      { what: 'web-live described' },
    );
    expect(d!.containers).toEqual([
      {
        name: 'app',
        restartCount: 1,
        ready: false,
        state: 'running',
        reason: '',
        lastState: {
          container: 'app',
          reason: 'Error',
          exitCode: 137,
          signal: 9,
          signalName: 'SIGKILL',
          message: '',
          startedAt: new Date(T0 + 2_000).toISOString(),
          finishedAt: new Date(T0 + 52_000).toISOString(),
          restartCount: 1,
          cause: probe,
          description: `${probe} (Error: exit code 137 (SIGKILL))`,
        },
      },
    ]);
    expect(d!.events.map((e) => [e.type, e.reason, e.count, e.source])).toEqual([
      ['Warning', 'Unhealthy', 3, 'kubelet'],
      ['Normal', 'Killing', 1, 'kubelet'],
    ]);
    expect(d!.pod.restartCount).toBe(1);
  });

  it("records an eviction with the node's message as the pod's end", async () => {
    pods.evict = await k.pod(ns, 'web-evict', { owner: rs, node: 'node-1' });
    const msg = 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 52Mi.';
    await k.podStatus(ns, 'web-evict', {
      phase: 'Failed',
      reason: 'Evicted',
      message: msg,
      startTime: at(0),
      containerStatuses: [
        containerStatus('app', 0, {
          terminated: { reason: 'Error', exitCode: 137, startedAt: at(3), finishedAt: at(60) },
        }),
      ],
    });
    const d = await waitForValue(
      () => describePod(pods.evict!.metadata.uid).catch(() => null),
      // the pod row and its terminations are two inserts of one flush: a read may see the first alone
      (r) => r !== null && r.pod.endReason !== '' && r.terminations.length === 2,
      { what: 'web-evict ended, with its terminations' },
    );
    expect(d!.pod).toMatchObject({ phase: 'Failed', reason: 'Evicted', endReason: `Evicted: ${msg}` });
    expect(d!.terminations.map((t) => [t.container, t.reason, t.exitCode])).toEqual([
      ['app', 'Error', 137],
      ['', 'Evicted', 0],
    ]);
    const listed = (await listPods()).pods.find((p) => p.podName === 'web-evict');
    expect(listed).toMatchObject({
      state: 'killed',
      endReason: `Evicted: ${msg}`,
      instanceCount: 0,
      endSource: 'kubernetes',
    });
  });

  it('lists pods that never ran an agent: unschedulable, image pull and config errors', async () => {
    pods.pending = await k.pod(ns, 'web-pending', { owner: rs });
    const unschedulable = '0/3 nodes are available: 3 Insufficient cpu.';
    await k.podStatus(ns, 'web-pending', {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: unschedulable }],
    });
    await k.event(
      ns,
      { ...pods.pending, kind: 'Pod' },
      {
        reason: 'FailedScheduling',
        message: unschedulable,
        type: 'Warning',
        at: new Date(T0 + 70_000),
        component: 'default-scheduler',
      },
    );
    pods.pull = await k.pod(ns, 'web-pull', { owner: rs, node: 'node-1' });
    await k.podStatus(ns, 'web-pull', {
      phase: 'Pending',
      containerStatuses: [
        containerStatus('app', 0, {
          waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "demo:1"' },
        }),
      ],
    });
    pods.cfg = await k.pod(ns, 'web-cfg', { owner: rs, node: 'node-1' });
    await k.podStatus(ns, 'web-cfg', {
      phase: 'Pending',
      containerStatuses: [
        containerStatus('app', 0, {
          waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' },
        }),
      ],
    });
    const list = await waitForValue(
      () => listPods(),
      (r) =>
        ['web-pending', 'web-pull', 'web-cfg'].every((n) =>
          r.pods.some((p) => p.podName === n && (p.kubernetes?.reason || p.kubernetes?.waitingReason)),
        ),
      { what: 'never-ran pods listed' },
    );
    const summary = Object.fromEntries(
      list.pods
        .filter((p) => ['web-pending', 'web-pull', 'web-cfg'].includes(p.podName))
        .map((p) => {
          const k = p.kubernetes;
          return [p.podName, [p.state, p.instanceCount, p.workload, k?.phase, k?.reason, k?.waitingReason]];
        }),
    );
    expect(summary).toEqual({
      'web-pending': ['running', 0, 'web', 'Pending', 'Unschedulable', ''],
      'web-pull': ['running', 0, 'web', 'Pending', '', 'ImagePullBackOff'],
      'web-cfg': ['running', 0, 'web', 'Pending', '', 'CreateContainerConfigError'],
    });
    const d = await describePod(pods.pending.metadata.uid);
    expect(d.pod.message).toBe(unschedulable);
    expect(d.events.map((e) => [e.reason, e.source])).toEqual([['FailedScheduling', 'default-scheduler']]);
  });

  it('records HPA history as written and a scale-in deletion with its cause', async () => {
    await k.hpa(ns, 'web');
    for (const st of HPA_UP_AND_IN) await k.hpaStatus(ns, 'web', st);
    // the HPA scales the Deployment in, the Deployment its ReplicaSet, the ReplicaSet deletes a pod
    pods.s1 = await k.pod(ns, 'web-s1', { owner: rs, node: 'node-1' });
    await waitForValue(
      () => podRowOf('web-s1'),
      (r) => r.length === 1,
      { what: 'web-s1 seen' },
    );
    await k.patch(ns, '/apis/apps/v1', 'deployments', 'web', { spec: { replicas: 4 } });
    await k.patch(ns, '/apis/apps/v1', 'replicasets', rs.metadata.name, { spec: { replicas: 4 } });
    await k.deletePod(ns, 'web-s1');

    const hpa = await waitForValue(
      () => get<WorkloadHpaResponse>(`/api/v1/workloads/${ns}/web/hpa?from=now-1h`),
      (r) => (r.hpas[0]?.points.length ?? 0) >= 4 && r.replicas.some((x) => x.replicas === 4),
      { what: 'HPA history and the replica change' },
    );
    expect(hpa.hpas.map((h) => [h.name, h.targetKind])).toEqual([['web', 'Deployment']]);
    expect(
      hpa.hpas[0]!.points.map((p) => [p.minReplicas, p.maxReplicas, p.currentReplicas, p.desiredReplicas, p.metrics]),
    ).toEqual([
      [2, 10, 0, 0, [{ name: 'cpu', type: 'Utilization', target: 60, current: null }]],
      [2, 10, 5, 8, [{ name: 'cpu', type: 'Utilization', target: 60, current: 93 }]],
      [2, 10, 8, 8, [{ name: 'cpu', type: 'Utilization', target: 60, current: 70 }]],
      [2, 10, 8, 4, [{ name: 'cpu', type: 'Utilization', target: 60, current: 20 }]],
    ]);
    // restart markers of the workload with the cluster's reasons (the pods of the tests before)
    const markers = hpa.terminations.filter((t) => t.reason !== 'Deleted'); // web-s1's may be written by now
    expect(markers.map((t) => [t.podName, t.container, t.reason, t.exitCode])).toEqual([
      ['web-err', 'app', 'Error', 2],
      ['web-oom', 'app', 'OOMKilled', 137],
      ['web-live', 'app', 'Error', 137],
      ['web-evict', '', 'Evicted', 0],
      ['web-evict', 'app', 'Error', 137],
    ]);
    expect(markers[2]!.cause).toMatch(/^Liveness probe failed/);
    expect(hpa.replicas.map((x) => [x.kind, x.fromReplicas, x.replicas, x.cause])).toEqual([
      ['Deployment', 5, 5, 'observed'],
      ['Deployment', 5, 4, 'HPA web: scaled down to 4: cpu 20% below target 60%'],
    ]);
    const ended = await waitForValue(
      () => podRowOf('web-s1'),
      (r) => r[0]?.Deleted === 1,
      { what: 'web-s1 deleted' },
    );
    expect(ended[0]!.EndReason).toBe(
      `Deleted: scale-in: ReplicaSet ${rs.metadata.name} scaled 5→4 (HPA web: cpu 20% below target 60%)`,
    );
  });

  it('tells a rollout deletion and a preemption from a scale-in', async () => {
    await k.pod(ns, 'web-r1', { owner: rs, node: 'node-1' });
    await k.pod(ns, 'web-pre', { owner: rs, node: 'node-1' });
    await waitForValue(
      async () => [...(await podRowOf('web-r1')), ...(await podRowOf('web-pre'))],
      (r) => r.length === 2,
      { what: 'web-r1 and web-pre seen' },
    );
    // the scheduler preempts web-pre: DisruptionTarget, then the deletion
    const preempted = 'Preempted in order to admit critical pod';
    await k.podStatus(ns, 'web-pre', {
      phase: 'Running',
      conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: preempted }],
    });
    await k.deletePod(ns, 'web-pre');
    // a rollout: a new ReplicaSet (revision 2) comes up, the old one is scaled down and loses a pod
    await k.replicaSet(ns, 'web-6f9c8d7b2', deploy, 1, 2);
    await k.patch(ns, '/apis/apps/v1', 'replicasets', rs.metadata.name, { spec: { replicas: 3 } });
    await k.deletePod(ns, 'web-r1');
    const r1 = await waitForValue(
      () => podRowOf('web-r1'),
      (r) => r[0]?.Deleted === 1,
      { what: 'web-r1 deleted' },
    );
    expect(r1[0]!.EndReason).toBe(
      `Deleted: rollout of Deployment web: ReplicaSet ${rs.metadata.name} scaled 4→3, replaced by ReplicaSet web-6f9c8d7b2`,
    );
    const pre = await waitForValue(
      () => podRowOf('web-pre'),
      (r) => r[0]?.Deleted === 1,
      { what: 'web-pre deleted' },
    );
    expect(pre[0]!.EndReason).toBe(`PreemptionByScheduler: ${preempted}`);
  });

  it('an agent pod that vanished while the cluster reports OOMKilled ends OOMKilled, with both sources', async () => {
    pods.agent = await k.pod(ns, 'web-agent', { owner: rs, node: 'node-1' });
    const started = Math.floor(Date.now() / 1000) * 1000 - 2_000;
    const agent: PodSpec = {
      service: 'web',
      namespace: ns,
      workload: 'web',
      podName: 'web-agent',
      podUid: pods.agent.metadata.uid,
      instanceId: crypto.randomUUID(),
      heartbeatMs: 300,
    };
    const res = await app.inject({
      method: 'POST',
      url: '/v1/logs',
      headers: { 'content-type': 'application/x-protobuf' },
      payload: Buffer.from(encodeOtlp('logs', lifecycleRequest(agent, LIFECYCLE_EVENTS.started, started))),
    });
    expect(res.statusCode, res.body).toBe(200);
    // no heartbeat follows (SIGKILL): the collector declares the instance vanished
    await waitForValue(
      () => get<PostMortemResponse>(`/api/v1/pods/${ns}/web-agent`).catch(() => null),
      (r) => r?.pod.state === 'killed',
      { what: 'web-agent vanished' },
    );
    await k.podStatus(ns, 'web-agent', {
      phase: 'Running',
      startTime: iso(started - 1_000),
      containerStatuses: [
        containerStatus(
          'app',
          1,
          { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } },
          {
            terminated: {
              reason: 'OOMKilled',
              exitCode: 137,
              startedAt: iso(started - 1_000),
              finishedAt: iso(started + 1_000),
            },
          },
        ),
      ],
    });
    const pm = await waitForValue(
      () => get<PostMortemResponse>(`/api/v1/pods/${ns}/web-agent`),
      (r) => r.pod.endSource === 'kubernetes',
      { what: 'web-agent ended by the cluster' },
    );
    expect(pm.pod).toMatchObject({
      state: 'killed',
      endReason: 'OOMKilled: exit code 137 (SIGKILL)',
      endSource: 'kubernetes',
      restartCount: 1,
    });
    expect(pm.pod.agentEndReason).toMatch(/^vanished: no heartbeat/);
    expect(pm.instances.map((i) => [i.instanceId, i.state, i.endReason, i.endSource, i.kubernetes?.reason])).toEqual([
      [agent.instanceId, 'killed', 'OOMKilled: exit code 137 (SIGKILL)', 'kubernetes', 'OOMKilled'],
    ]);
    // both sources: the agent's transitions and the cluster's termination
    expect(pm.timeline.map((t) => t.transition).sort()).toEqual(['killed', 'started']);
    expect(pm.kubernetes?.terminations.map((t) => [t.reason, t.exitCode, t.signalName])).toEqual([
      ['OOMKilled', 137, 'SIGKILL'],
    ]);
    const listed = (await listPods()).pods.find((p) => p.podName === 'web-agent');
    expect(listed).toMatchObject({
      state: 'killed',
      endReason: 'OOMKilled: exit code 137 (SIGKILL)',
      instanceCount: 1,
    });
  });

  it('exports its statistics on /metrics', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).toMatch(/^podtrail_k8s_leader 1$/m);
    const written = /^podtrail_k8s_rows_written_total\{table="k8s_hpa_history"\} (\d+)$/m.exec(res.body);
    expect(Number(written?.[1])).toBe(4);
  });

  it('interleaves Kubernetes events into the events feed', async () => {
    const ev = await get<EventsResponse>(`/api/v1/events?namespace=${ns}&from=${T0 - 60_000}&to=now&limit=100`);
    const reasons = (ev.kubernetes ?? []).map((e) => `${e.involvedName}:${e.reason}`);
    expect(reasons).toEqual(['web-pending:FailedScheduling', 'web-live:Killing', 'web-live:Unhealthy']);
  });
});

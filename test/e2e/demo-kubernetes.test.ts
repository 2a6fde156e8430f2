// Issue 11, point 5: the demo can show the cluster's truth. The demo's own cluster (demo/src/cluster.mjs:
// pods as child processes with the real agent) and its registrar (demo/src/kube-registrar.mjs: what
// kubelet, the controllers and the HPA controller write) against a real kube-apiserver; the collector
// process with its cluster watcher on it (reader token + Lease), the real broker, embedded chDB. The
// test drives the demo's own chaos and autoscaler calls and checks that the API joins the agent's pods
// to the cluster's by uid, and tells OOM kills, crashes, evictions, scale-ins, restart counts and the
// HPA history exactly as the demo's cluster and registrar made them.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  PodKubernetesResponse,
  PodsResponse,
  PostMortemResponse,
  WorkloadHpaResponse,
} from '@podtrail/contracts/api';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { Cluster, type Pod, type Workload } from '../../demo/src/cluster.mjs';
import { loadConfig } from '../../demo/src/config.mjs';
import { applyToCluster, HpaController } from '../../demo/src/hpa-controller.mjs';
import { KubeApi } from '../../demo/src/kube-api.mjs';
import { KubeRegistrar } from '../../demo/src/kube-registrar.mjs';
import { KubeObjects } from '../../packages/collector/src/testing/kube-objects.js';
import { clickhouseTarget } from '../support/clickhouse-target.js';
import { startReadyCollector } from '../support/collector-process.js';
import { getJson, waitUntil } from '../support/http.js';
import { runId, topicEnv } from '../support/kafka.js';
import { describeWithApiServer, type KubeApiServer, startApiServer } from '../support/kube-apiserver.js';
import { repoRoot, type StartedProcess } from '../support/processes.js';

const brokers = inject('kafkaBrokers');
const run = runId();
const ns = `demo-k8s-${run}`;
const leaseNs = `demo-k8s-lease-${run}`;
const topics = topicEnv(`dk8s-${run}`);
const readToken = `read-${run}-0123456789abcdef`;
const WORKLOAD = 'groupware-demo';
const RS = 'groupware-demo-10';
const MIN = 3;
const MAX = 5;

describeWithApiServer("the demo's cluster registered in a real API server", (startTimeoutMs) => {
  const store = clickhouseTarget('podtrail-e2e-demo-k8s-');
  let server: KubeApiServer;
  let collector: StartedProcess;
  let base = '';
  let admin: KubeApi;
  let registrar: KubeRegistrar;
  let cluster: Cluster;
  let groupware: Workload;
  let hpa: HpaController;
  /** CPU the load needs, in pods at the target utilization (the HPA's input) */
  let demand = MIN;
  const logs: string[] = [];
  const log = (msg: string) => logs.push(msg);
  // the pods each chaos step picked
  let oomKilled: Pod;
  let crashed: Pod;
  let evicted: Pod;
  let scaledIn: Pod;

  const api = async <T>(path: string): Promise<T> => {
    const { status, body } = await getJson<T>(`${base}/api/v1${path}`, readToken);
    if (status !== 200) throw new Error(`${path} -> ${status} ${JSON.stringify(body)}`);
    return body;
  };
  const ready = () => cluster.ready(groupware);
  const waitReady = (n: number, what: string) =>
    waitUntil(async () => cluster.active(groupware).length === n && ready().length === n, 90_000, what);

  beforeAll(async () => {
    server = await startApiServer();
    const k = new KubeObjects(server.kubeconfigPath);
    await k.namespace(leaseNs);
    await k.grantLease('podtrail-reader', leaseNs);

    ({ process: collector, base } = await startReadyCollector({
      brokers,
      topics,
      storeEnv: store.env,
      env: {
        PODTRAIL_CONSUMER_GROUP: `dk8s-${run}`,
        PODTRAIL_TOKENS: `read:${readToken}`,
        PODTRAIL_K8S_WATCH: 'on',
        PODTRAIL_KUBECONFIG: server.readerKubeconfigPath,
        PODTRAIL_K8S_NAMESPACES: ns,
        PODTRAIL_K8S_LEASE_NAMESPACE: leaseNs,
        PODTRAIL_K8S_LEASE_SECONDS: '5',
      },
      readyTimeoutMs: 120_000,
    }));
    // the watcher leads and has listed all seven resources: nothing written from now on is missed
    await waitUntil(
      async () => {
        const text = (await getJson<string>(`${base}/metrics`)).body;
        const lists = /^podtrail_k8s_lists_total (\d+)/m.exec(String(text));
        return lists !== null && Number(lists[1]) >= 7;
      },
      60_000,
      "the cluster watcher's first lists",
    );

    // the demo's pods report to this run's broker and topics, with quick heartbeats
    Object.assign(process.env, topics, { KAFKA_BROKERS: brokers, PODTRAIL_HEARTBEAT_MS: '1000' });
    admin = new KubeApi({ url: server.url, ca: server.ca, adminToken: server.adminToken });
    registrar = new KubeRegistrar({
      api: new KubeApi({ url: server.url, ca: server.ca, adminToken: server.adminToken }),
      namespace: ns,
      graceMs: 3000,
      log,
    });
    await registrar.start();
    const config = loadConfig({
      DEMO_NAMESPACE: ns,
      DEMO_GRACE_MS: '3000',
      DEMO_NODES: '2',
      DEMO_PODS: `${MIN}..${MAX}`,
    });
    cluster = new Cluster({
      config,
      serviceScript: join(repoRoot, 'demo/src/service.mjs'),
      agentImport: pathToFileURL(join(repoRoot, 'packages/agent/dist/register.js')).href,
      log,
    });
    cluster.observer = registrar.observer();
    groupware = cluster.addWorkload({
      name: WORKLOAD,
      role: 'groupware',
      kind: 'Deployment',
      version: '10',
      container: 'groupware',
      serviceVersion: '2.10.0',
      replicas: MIN,
    });
    await registrar.createHpa(groupware, { min: MIN, max: MAX, target: 60 });
    hpa = new HpaController({
      name: WORKLOAD,
      min: MIN,
      max: MAX,
      targetUtilization: 60,
      demand: () => demand,
      current: () => cluster.active(groupware).length,
      apply: applyToCluster({ cluster, workload: groupware, registrar }),
      log,
    });
    await waitReady(MIN, `${MIN} pods ready`);

    // the load needs what runs: no change
    expect(await hpa.step()).toMatchObject({ currentReplicas: 3, utilization: 60, desiredReplicas: 3 });
    // 1.5x: cpu 90% -> 5 pods
    demand = 4.5;
    expect(await hpa.step()).toMatchObject({ currentReplicas: 3, utilization: 90, desiredReplicas: 5 });
    await waitReady(5, 'the scale-up to 5 pods');

    const [first, second, third] = [...groupware.pods].sort((a, b) => a.createdAt - b.createdAt);
    oomKilled = first!;
    crashed = second!;
    evicted = third!;
    expect(cluster.killPod(oomKilled, { restart: true, reason: 'oom-kill' })).toBe(true);
    await waitUntil(
      async () => oomKilled.restarts === 1 && oomKilled.state === 'ready',
      60_000,
      'the OOM-killed pod back',
    );
    expect(cluster.crashPod(crashed)).toBe(true);
    await waitUntil(async () => crashed.restarts === 1 && crashed.state === 'ready', 60_000, 'the crashed pod back');
    cluster.deletePod(evicted, 'evicted');
    await waitUntil(async () => !groupware.pods.has(evicted), 60_000, 'the evicted pod gone from the node');
    await waitReady(5, "the evicted pod's replacement");

    // the load drops to half: cpu 30% -> one pod less per step
    demand = 2.5;
    const newest = [...groupware.pods].sort((a, b) => b.createdAt - a.createdAt)[0]!;
    expect(await hpa.step()).toMatchObject({ currentReplicas: 5, utilization: 30, desiredReplicas: 4 });
    scaledIn = newest;
    await waitUntil(async () => !groupware.pods.has(scaledIn), 60_000, 'the scaled-in pod gone');
    await waitReady(4, '4 pods after the scale-in');
    await registrar.flush();
  }, startTimeoutMs + 300_000);

  afterAll(async () => {
    await cluster?.shutdown({ force: true });
    await registrar?.close();
    admin?.close();
    await collector?.stop();
    await store.cleanup();
  });

  it("gives every pod the API server's uid, which its agent reports: the agent's pods and the cluster's join", async () => {
    const alive = cluster.active(groupware);
    expect(alive).toHaveLength(4);
    for (const pod of alive) {
      const stored = await admin.request('GET', `/api/v1/namespaces/${ns}/pods/${pod.name}`);
      expect(stored.metadata.uid).toBe(pod.uid);
      expect(stored.metadata.ownerReferences[0]).toMatchObject({ kind: 'ReplicaSet', name: RS, controller: true });
    }
    const byUid = await waitUntil(
      async () => {
        const list = await api<PodsResponse>(`/pods?namespace=${ns}&from=now-1h&limit=100`);
        const m = new Map(list.pods.map((p) => [p.podUid, p]));
        const joined = alive.every(
          (p) => (m.get(p.uid)?.instanceCount ?? 0) >= 1 && m.get(p.uid)?.kubernetes?.restartCount === p.restarts,
        );
        return joined ? m : undefined;
      },
      90_000,
      "every live pod with the agent's instances and the cluster's status",
    );
    for (const pod of alive) {
      const p = byUid.get(pod.uid)!;
      expect({ podName: p.podName, restartCount: p.restartCount, phase: p.kubernetes?.phase }).toEqual({
        podName: pod.name,
        restartCount: pod.restarts,
        phase: 'Running',
      });
    }
    // restart counts equal the demo cluster's: the OOM-killed and the crashed pod once, the others never
    expect(alive.map((p) => [p.name, byUid.get(p.uid)?.restartCount]).sort()).toEqual(
      alive.map((p) => [p.name, p.restarts]).sort(),
    );
    expect(
      alive
        .filter((p) => p.restarts > 0)
        .map((p) => p.uid)
        .sort(),
    ).toEqual([oomKilled.uid, crashed.uid].sort());
  });

  it('tells the OOM kill as OOMKilled with exit code 137, on the pod and on the instance it ended', async () => {
    const k = await waitUntil(
      async () => {
        const r = await api<PodKubernetesResponse>(`/pods/${oomKilled.uid}/kubernetes`);
        return r.containers[0]?.lastState?.reason === 'OOMKilled' && r.pod.ready ? r : undefined;
      },
      90_000,
      "the OOM-killed container's last state",
    );
    expect(k.pod).toMatchObject({ podName: oomKilled.name, workload: WORKLOAD, phase: 'Running', restartCount: 1 });
    expect(k.containers[0]).toMatchObject({ name: 'groupware', restartCount: 1, state: 'running' });
    expect(k.containers[0]?.lastState).toMatchObject({
      reason: 'OOMKilled',
      exitCode: 137,
      signal: 9,
      signalName: 'SIGKILL',
      description: 'OOMKilled: exit code 137 (SIGKILL)',
    });
    expect(k.terminations.map((t) => [t.container, t.reason, t.exitCode])).toEqual([['groupware', 'OOMKilled', 137]]);
    const reasons = k.events.map((e) => e.reason);
    expect(reasons).toContain('OOMKilling');
    // one Event per reason and message, its count bumped at the restart (a row per count)
    expect(k.events.filter((e) => e.reason === 'Started').map((e) => e.count)).toEqual([1, 2]);
    // the agent only saw its process vanish; the cluster's reason replaces that on the instance
    const pm = await waitUntil(
      async () => {
        const r = await api<PostMortemResponse>(`/pods/${ns}/${oomKilled.name}`);
        return r.instances.length === 2 && r.instances.some((i) => i.endSource === 'kubernetes') ? r : undefined;
      },
      90_000,
      "the OOM-killed instance's end from the cluster",
    );
    const ended = pm.instances.find((i) => i.endedAt !== null)!;
    expect({ state: ended.state, endReason: ended.endReason, endSource: ended.endSource }).toEqual({
      state: 'killed',
      endReason: 'OOMKilled: exit code 137 (SIGKILL)',
      endSource: 'kubernetes',
    });
  });

  it("tells the crash as Error with the process's exit code", async () => {
    const k = await waitUntil(
      async () => {
        const r = await api<PodKubernetesResponse>(`/pods/${crashed.uid}/kubernetes`);
        return r.terminations.length === 1 ? r : undefined;
      },
      90_000,
      "the crashed container's termination",
    );
    expect(k.terminations.map((t) => [t.reason, t.exitCode, t.description])).toEqual([
      ['Error', 1, 'Error: exit code 1'],
    ]);
    expect(k.pod.restartCount).toBe(1);
  });

  it('tells the eviction as Evicted with the node message; the pod object stays Failed', async () => {
    const stored = await admin.request('GET', `/api/v1/namespaces/${ns}/pods/${evicted.name}`);
    expect({ phase: stored.status.phase, reason: stored.status.reason, uid: stored.metadata.uid }).toEqual({
      phase: 'Failed',
      reason: 'Evicted',
      uid: evicted.uid,
    });
    const k = await waitUntil(
      async () => {
        const r = await api<PodKubernetesResponse>(`/pods/${evicted.uid}/kubernetes`);
        // the pod row and its terminations are two inserts of one flush: a read may see the first alone
        return r.pod.phase === 'Failed' && r.terminations.some((t) => t.container === '') ? r : undefined;
      },
      90_000,
      'the evicted pod as Failed, with its pod-level end',
    );
    expect(k.pod.reason).toBe('Evicted');
    expect(k.pod.endReason).toBe(`Evicted: ${stored.status.message}`);
    expect(k.pod.endReason).toMatch(/^Evicted: The node was low on resource: memory/);
    expect(k.terminations.filter((t) => t.container === '').map((t) => t.reason)).toEqual(['Evicted']);
    expect(k.events.filter((e) => e.reason === 'Evicted')).toHaveLength(1);
  });

  it("tells the scale-in's deletion with the HPA decision that caused it", async () => {
    const k = await waitUntil(
      async () => {
        const r = await api<PodKubernetesResponse>(`/pods/${scaledIn.uid}/kubernetes`);
        return r.pod.deleted ? r : undefined;
      },
      90_000,
      'the scaled-in pod deleted',
    );
    expect(k.pod.endReason).toBe(
      `Deleted: scale-in: ReplicaSet ${RS} scaled 5→4 (HPA ${WORKLOAD}: cpu 30% below target 60%)`,
    );
    const gone = await admin.request('GET', `/api/v1/namespaces/${ns}/pods`);
    expect(gone.items.map((p: { metadata: { name: string } }) => p.metadata.name)).not.toContain(scaledIn.name);
  });

  it('returns the HPA history the registrar wrote, and the replica changes it caused', async () => {
    const written = registrar.hpaHistory.get(WORKLOAD)!;
    // created (no status), 3/3 at 60%, 3 -> 5 at 90%, 5 -> 4 at 30%
    expect(written.map((p) => [p.currentReplicas, p.desiredReplicas, p.cpu])).toEqual([
      [0, 0, null],
      [3, 3, 60],
      [3, 5, 90],
      [5, 4, 30],
    ]);
    let h: WorkloadHpaResponse = {
      namespace: ns,
      workload: WORKLOAD,
      from: '',
      to: '',
      hpas: [],
      replicas: [],
      terminations: [],
    };
    // waits for as many points as were written; on a timeout the comparison below shows the difference
    await waitUntil(
      async () => {
        h = await api<WorkloadHpaResponse>(`/workloads/${ns}/${WORKLOAD}/hpa?from=now-1h`);
        return h.hpas[0]?.points.length === written.length;
      },
      60_000,
      'the HPA history',
    ).catch(() => {});
    expect(h.hpas.map((x) => [x.name, x.targetKind])).toEqual([[WORKLOAD, 'Deployment']]);
    expect(
      (h.hpas[0]?.points ?? []).map((p) => ({
        minReplicas: p.minReplicas,
        maxReplicas: p.maxReplicas,
        currentReplicas: p.currentReplicas,
        desiredReplicas: p.desiredReplicas,
        cpu: p.metrics[0]?.current ?? null,
        lastScaleTime: p.lastScaleTime,
      })),
    ).toEqual(
      written.map((p) => ({ ...p, lastScaleTime: p.lastScaleTime && new Date(p.lastScaleTime).toISOString() })),
    );
    const causes = h.replicas
      .filter((r) => r.fromReplicas !== r.replicas)
      .map((r) => [r.fromReplicas, r.replicas, r.cause]);
    expect(causes).toEqual([
      [3, 5, `HPA ${WORKLOAD}: scaled up to 5: cpu 90% above target 60%`],
      [5, 4, `HPA ${WORKLOAD}: scaled down to 4: cpu 30% below target 60%`],
    ]);
    expect(registrar.errors).toBe(0);
  });
});

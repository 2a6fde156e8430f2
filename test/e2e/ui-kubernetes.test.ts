// The dashboard's Kubernetes views in a real browser (issue 11, point 3): a real kube-apiserver
// (the test writes pod and HPA status as kubelet and the HPA controller would), the collector's
// cluster watcher on it with the reader's token plus the Lease role, the real collector (build() on
// embedded chDB, real Kafka) and Debian's Chromium. The workload page draws the HPA history and the
// restart markers; the pod page shows the container's last state like kubectl describe and the
// pod's events, interleaved with the agent's lifecycle in the timeline.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { build } from '@podtrail/collector';
import { encodeOtlp, type OtlpLogsRequest } from '@podtrail/contracts';
import type { PodKubernetesResponse, PostMortemResponse, WorkloadHpaResponse } from '@podtrail/contracts/api';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { containerStatus, iso, type KubeObj, KubeObjects } from '../../packages/collector/src/testing/kube-objects.js';
import { clickhouseTarget } from '../support/clickhouse-target.js';
import { waitUntil } from '../support/http.js';
import { createTopics, runId } from '../support/kafka.js';
import { describeWithApiServer, type KubeApiServer, startApiServer } from '../support/kube-apiserver.js';
import { repoRoot } from '../support/processes.js';
import { startUiCollector } from '../support/ui-collector.js';
import { str } from './fixtures/ui-traffic.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const brokers = inject('kafkaBrokers');
const run = runId();
const topics = {
  spans: `uik8s-${run}.spans`,
  metrics: `uik8s-${run}.metrics`,
  lifecycle: `uik8s-${run}.lifecycle`,
  deadLetter: `uik8s-${run}.deadletter`,
};
const liveTopic = `uik8s-${run}.live`;
const readToken = `read-${run}-0123456789abcdef`;
const ingestToken = `ingest-${run}-0123456789abcdef`;
const uiDir = join(repoRoot, 'packages/ui/dist');
const shotsDir = process.env.PODTRAIL_UI_SHOTS ?? join(tmpdir(), `podtrail-ui-shots-${run}`);
const ns = `uik8s-${run}`;
const leaseNs = `uik8s-lease-${run}`;
const POD = 'web-5d8f7c9b4-oom01';
const T0 = Math.floor(Date.now() / 1000) * 1000 - 600_000;
const at = (s: number) => iso(T0 + s * 1000);

type App = Awaited<ReturnType<typeof build>>;
let app: App;
let base = '';
let browser: Browser;
let server: KubeApiServer;
let k: KubeObjects;
let pod: KubeObj;
const store = clickhouseTarget('podtrail-ui-k8s-');

async function api<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${readToken}` } });
  return { status: res.status, body: (await res.json()) as T };
}

/** The agent's "started" lifecycle record of the pod, with the cluster's pod uid. */
async function agentStarted(uid: string, tsMs: number): Promise<void> {
  const body: OtlpLogsRequest = {
    resourceLogs: [
      {
        resource: {
          attributes: [
            str('service.name', 'web'),
            str('service.instance.id', `${POD}-i1`),
            str('k8s.namespace.name', ns),
            str('k8s.pod.name', POD),
            str('k8s.pod.uid', uid),
            str('k8s.deployment.name', 'web'),
            str('k8s.node.name', 'node-1'),
            { key: 'podtrail.heartbeat.interval_ms', value: { intValue: '600000' } },
          ],
        },
        scopeLogs: [
          {
            scope: { name: 'podtrail' },
            logRecords: [
              {
                timeUnixNano: `${BigInt(tsMs) * 1_000_000n}`,
                severityText: 'INFO',
                body: { stringValue: 'started' },
                attributes: [str('event.name', 'podtrail.agent.started')],
              },
            ],
          },
        ],
      },
    ],
  } as OtlpLogsRequest;
  const res = await fetch(`${base}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${ingestToken}` },
    body: encodeOtlp('logs', body),
  });
  if (res.status !== 200) throw new Error(`/v1/logs -> ${res.status} ${await res.text()}`);
}

async function openPage(hash: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
  await page.goto(`${base}/?token=${readToken}${hash}`);
  return page;
}

describeWithApiServer('the dashboard with a Kubernetes cluster', (startTimeoutMs) => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (scripts/ensure-chromium.sh)`);
    if (!existsSync(join(uiDir, 'index.html')))
      execFileSync('pnpm', ['--filter', '@podtrail/ui', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    mkdirSync(shotsDir, { recursive: true });
    server = await startApiServer();
    k = new KubeObjects(server.kubeconfigPath);
    await k.namespace(ns);
    await k.namespace(leaseNs);
    await k.grantLease('podtrail-reader', leaseNs);
    const deploy = await k.deployment(ns, 'web', 5);
    const rs = await k.replicaSet(ns, 'web-5d8f7c9b4', deploy, 5, 1);

    await createTopics(brokers, [...Object.values(topics), liveTopic]);
    ({ app, base } = await startUiCollector({
      brokers,
      topics,
      liveTopic,
      group: `uik8s-${run}`,
      store,
      uiDir,
      readToken,
      ingestToken,
      rateLimitPerMin: 0,
      build: {
        kubernetes: {
          kubeconfigPath: server.readerKubeconfigPath,
          namespaces: [ns],
          leaseNamespace: leaseNs,
          leaseName: 'podtrail-collector',
          identity: 'ui-e2e',
          leaseDurationMs: 5_000,
        },
        kubernetesSettleMs: 1_000,
      },
    }));
    await waitUntil(async () => app.clusterWatcher?.isLeader === true, 60_000, 'the watcher to lead');
    await app.clusterWatcher?.synced();

    // kubelet's side: the container was OOMKilled once and runs again
    pod = await k.pod(ns, POD, { owner: rs, node: 'node-1' });
    await k.podStatus(ns, POD, {
      phase: 'Running',
      startTime: at(0),
      containerStatuses: [
        containerStatus(
          'app',
          1,
          { running: { startedAt: at(40) } },
          { terminated: { reason: 'OOMKilled', exitCode: 137, startedAt: at(1), finishedAt: at(39) } },
          true,
        ),
      ],
    });
    const podRef = { ...pod, kind: 'Pod' };
    await k.event(ns, podRef, {
      reason: 'BackOff',
      message: 'Back-off restarting failed container app in pod',
      type: 'Warning',
      count: 2,
      at: new Date(T0 + 39_500),
    });
    await k.event(ns, podRef, { reason: 'Started', message: 'Started container app', at: new Date(T0 + 40_000) });
    // the HPA controller's side: three status writes
    await k.create(ns, '/apis/autoscaling/v2', 'horizontalpodautoscalers', {
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
        ],
      },
    });
    const cpu = (v: number) => [
      { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: v, averageValue: '200m' } } },
    ];
    for (const st of [
      { currentReplicas: 5, desiredReplicas: 8, currentMetrics: cpu(93) },
      { currentReplicas: 8, desiredReplicas: 8, currentMetrics: cpu(70) },
      { currentReplicas: 8, desiredReplicas: 4, currentMetrics: cpu(20) },
    ])
      await k.patch(ns, '/apis/autoscaling/v2', 'horizontalpodautoscalers', 'web', { status: st }, 'status');
    // the agent's side: the pod's agent started (so the pod has a post-mortem page)
    await agentStarted(pod.metadata.uid, T0 + 41_000);

    await waitUntil(
      async () => {
        const r = await api<PodKubernetesResponse>(`/pods/${pod.metadata.uid}/kubernetes`);
        return (
          r.status === 200 && r.body.events.length === 2 && r.body.containers[0]?.lastState?.reason === 'OOMKilled'
        );
      },
      120_000,
      "the watcher to store the pod's last state and events",
    );
    await waitUntil(
      async () => {
        const r = await api<WorkloadHpaResponse>(`/workloads/${ns}/web/hpa?from=now-1h`);
        return r.status === 200 && r.body.hpas[0]?.points.length === 4 && r.body.terminations.length === 1;
      },
      120_000,
      'the HPA history and the restart marker',
    );
    await waitUntil(
      async () => (await api<PostMortemResponse>(`/pods/${ns}/${POD}`)).status === 200,
      120_000,
      "the agent's started record",
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, startTimeoutMs + 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store.cleanup();
  });

  it('the workload page draws replicas in the HPA band, cpu against its target and the OOM restart marker', async () => {
    const hpa = (await api<WorkloadHpaResponse>(`/workloads/${ns}/web/hpa?from=now-1h`)).body;
    expect(
      hpa.hpas[0]!.points.map((p) => [p.minReplicas, p.maxReplicas, p.currentReplicas, p.desiredReplicas]),
    ).toEqual([
      [2, 10, 0, 0],
      [2, 10, 5, 8],
      [2, 10, 8, 8],
      [2, 10, 8, 4],
    ]);
    const page = await openPage(`#/workloads/${ns}/web?range=1h`);
    const charts = page.locator('[data-testid=hpa-charts]');
    await charts.waitFor({ timeout: 30_000 });
    expect(await charts.getAttribute('data-hpa')).toBe('web');
    expect(await charts.getAttribute('data-hpa-points')).toBe('4');
    expect(await charts.getAttribute('data-replica-points')).toBe(String(hpa.replicas.length));
    expect(await charts.getAttribute('data-markers')).toBe('1');
    // two uPlot canvases: replicas with the min/max band, cpu % against its target
    await waitUntil(async () => (await charts.locator('canvas').count()) === 2, 10_000, 'both HPA charts drawn');
    expect(await page.locator('[data-testid=hpa-replicas-chart] .u-legend').textContent()).toContain('desired');
    expect(await page.locator('[data-testid=hpa-metric-chart] .u-legend').textContent()).toContain('target');
    expect(await page.locator('[data-testid=hpa-now]').textContent()).toBe(
      'min 2 · max 10 · current 8 · desired 4 · cpu 20%/60%',
    );
    const markers = page.locator('[data-testid=restart-marker]');
    expect(await markers.count()).toBe(1);
    const marker = (await markers.first().textContent()) ?? '';
    expect(marker).toContain(POD);
    expect(marker).toContain('OOMKilled');
    expect(marker).toContain('137');
    await page.screenshot({ path: join(shotsDir, 'workload-hpa.png'), fullPage: true });
    await page.close();
  });

  it("the pod page shows the container's last state like kubectl describe and the pod's events", async () => {
    const page = await openPage(`#/pods/${ns}/${POD}`);
    const panel = page.locator('[data-testid=kubernetes]');
    await panel.waitFor({ timeout: 30_000 });
    expect(await panel.locator('[data-testid=k8s-phase]').textContent()).toBe('Running');
    const container = panel.locator('[data-testid=k8s-container][data-container=app]');
    const last = await container.locator('[data-testid=k8s-last-state]').innerText();
    expect(last).toMatch(/Last State:\s*Terminated/);
    expect(last).toMatch(/Reason:\s*OOMKilled/);
    expect(last).toMatch(/Exit Code:\s*137/);
    expect(last).toMatch(/Signal:\s*9 \(SIGKILL\)/);
    expect(await container.innerText()).toMatch(/Restart Count:\s*1/);
    const rows = panel.locator('[data-testid=k8s-event-row]');
    expect(await rows.count()).toBe(2);
    // newest first
    expect(await rows.nth(0).innerText()).toMatch(/Normal\s+Started/);
    expect(await rows.nth(1).innerText()).toMatch(/Warning\s+BackOff/);
    expect(await rows.nth(1).innerText()).toContain('Back-off restarting failed container app in pod');
    // the timeline interleaves the cluster's events with the agent's start, marked as Kubernetes
    const timeline = page.locator('[data-testid=event]');
    await waitUntil(async () => (await timeline.count()) === 3, 10_000, 'three timeline lines');
    const lines = await timeline.allInnerTexts();
    expect(lines[0]).toContain('pod started; agent connected');
    expect(lines[1]).toMatch(/k8s\s*Started: Started container app/);
    expect(lines[2]).toMatch(/k8s\s*BackOff: Back-off restarting failed container app in pod \(×2\)/);
    expect(await page.locator('[data-testid=event] [data-testid=k8s-event]').count()).toBe(2);
    await page.screenshot({ path: join(shotsDir, 'pod-kubernetes.png'), fullPage: true });
    await page.close();
  });

  it("the dashboard's event stream interleaves the pod's Kubernetes events with the agent's start", async () => {
    const page = await openPage('#/');
    const k8sLines = page.locator('[data-testid=events] [data-testid=event]:has([data-testid=k8s-event])');
    await waitUntil(async () => (await k8sLines.count()) === 2, 30_000, 'the two Kubernetes events in the stream');
    const lines = await page.locator('[data-testid=events] [data-testid=event]').allInnerTexts();
    const ours = lines.filter((l) => l.includes(POD) || l.includes('container app'));
    expect(ours).toHaveLength(3);
    expect(ours[0]).toContain('pod started; agent connected');
    expect(ours[1]).toMatch(/\[INFO\]\s*k8s\s*Started: Started container app/);
    expect(ours[2]).toMatch(/\[WARN\]\s*k8s\s*BackOff: Back-off restarting failed container app in pod \(×2\)/);
    await page.screenshot({ path: join(shotsDir, 'dashboard-k8s-events.png'), fullPage: true });
    await page.close();
  });

  it('a new Kubernetes event reaches the open dashboard over the live WebSocket, without a reload or a poll', async () => {
    // listen before the page loads: the live socket opens as soon as the first REST answers are in
    const page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
    const eventsRequests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/events') eventsRequests.push(r.url());
    });
    // each frame with how many GET /events the page had made when it arrived
    const frames: { payload: string; eventsRequests: number }[] = [];
    page.on('websocket', (ws) =>
      ws.on('framereceived', (f) => frames.push({ payload: String(f.payload), eventsRequests: eventsRequests.length })),
    );
    await page.goto(`${base}/?token=${readToken}#/`);
    const k8sLines = page.locator('[data-testid=events] [data-testid=event]:has([data-testid=k8s-event])');
    await waitUntil(async () => (await k8sLines.count()) === 2, 30_000, 'the two Kubernetes events loaded');
    await waitUntil(
      async () => (await page.locator('[data-testid=conn]').getAttribute('data-status')) === 'open',
      30_000,
      'the live stream open',
    );
    const polled = eventsRequests.length;
    // kubelet records a failed liveness probe now
    const message = 'Liveness probe failed: HTTP probe failed with statuscode: 500';
    await k.event(ns, { ...pod, kind: 'Pod' }, { reason: 'Unhealthy', message, type: 'Warning', at: new Date() });
    await waitUntil(async () => (await k8sLines.count()) === 3, 20_000, 'the new event in the stream');
    expect(await k8sLines.first().innerText()).toMatch(/\[WARN\]\s*k8s\s*Unhealthy: Liveness probe failed: HTTP probe/);
    // it came as a `kubernetes` message of the live stream, before any GET /events after the write
    const pushed = frames
      .map((f) => ({
        ...(JSON.parse(f.payload) as {
          type: string;
          change?: { kind: string; podName: string; event?: { message: string } };
        }),
        eventsRequests: f.eventsRequests,
      }))
      .filter((m) => m.type === 'kubernetes' && m.change?.kind === 'event');
    expect(pushed.map((m) => [m.change?.podName, m.change?.event?.message, m.eventsRequests])).toEqual([
      [POD, message, polled],
    ]);
    await page.screenshot({ path: join(shotsDir, 'dashboard-k8s-live-event.png'), fullPage: true });
    await page.close();
  });
});

// The dashboard's Kubernetes views in a real browser (issue 11, point 3): a real kube-apiserver
// (the test writes pod and HPA status as kubelet and the HPA controller would), the collector's
// cluster watcher on it with the reader's token plus the Lease role, the real collector (build() on
// embedded chDB, real Kafka) and Debian's Chromium. The workload page draws the HPA history and the
// restart markers; the pod page shows the container's last state like kubectl describe and the
// pod's events, interleaved with the agent's lifecycle in the timeline.
import { join } from 'node:path';
import {
  containerStatus,
  HPA_UP_AND_IN,
  iso,
  type KubeObj,
  type KubeObjects,
} from '@podtrail/collector/testing/kube-objects';
import {
  createWatchedNamespaces,
  readerWatchConfig,
  untilWatcherLeads,
} from '@podtrail/collector/testing/watched-cluster';
import type { OtlpLogsRequest } from '@podtrail/contracts';
import type { PodKubernetesResponse, PostMortemResponse, WorkloadHpaResponse } from '@podtrail/contracts/api';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { DashboardSession } from '../support/dashboard-session.js';
import { waitUntil } from '../support/http.js';
import { describeWithApiServer, type KubeApiServer, startApiServer } from '../support/kube-apiserver.js';
import { str } from './fixtures/ui-traffic.js';

const brokers = inject('kafkaBrokers');
const ui = new DashboardSession('uik8s');
const { readToken, shotsDir } = ui;
const watched = { ns: `uik8s-${ui.run}`, leaseNs: `uik8s-lease-${ui.run}` };
const { ns } = watched;
const POD = 'web-5d8f7c9b4-oom01';
const T0 = Math.floor(Date.now() / 1000) * 1000 - 600_000;
const at = (s: number) => iso(T0 + s * 1000);

let browser: Browser;
let server: KubeApiServer;
let k: KubeObjects;
let pod: KubeObj;

async function api<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${ui.base}/api/v1${path}`, { headers: { authorization: `Bearer ${readToken}` } });
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
  await ui.post('/v1/logs', body);
}

const openPage = (hash: string): Promise<Page> =>
  ui.openPage(`?token=${readToken}${hash}`, { width: 1600, height: 1100 });

describeWithApiServer('the dashboard with a Kubernetes cluster', (startTimeoutMs) => {
  beforeAll(async () => {
    server = await startApiServer();
    k = await createWatchedNamespaces(server.kubeconfigPath, watched);
    const deploy = await k.deployment(ns, 'web', 5);
    const rs = await k.replicaSet(ns, 'web-5d8f7c9b4', deploy, 5, 1);

    ({ browser } = await ui.start({
      brokers,
      rateLimitPerMin: 0,
      build: {
        kubernetes: readerWatchConfig(server.readerKubeconfigPath, watched, 'ui-e2e'),
        kubernetesSettleMs: 1_000,
      },
    }));
    await untilWatcherLeads(ui.app);

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
    await k.hpa(ns, 'web');
    for (const st of HPA_UP_AND_IN) await k.hpaStatus(ns, 'web', st);
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
  }, startTimeoutMs + 300_000);

  afterAll(() => ui.stop());

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
    await page.goto(`${ui.base}/?token=${readToken}#/`);
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

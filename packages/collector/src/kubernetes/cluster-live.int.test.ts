import type { EventsResponse, KubernetesChange, PodKubernetesResponse } from '@podtrail/contracts/api';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithApiServer, type KubeApiServer, startApiServer } from '../../../../test/support/kube-apiserver.js';
import { build } from '../app.js';
import { CollectorMetrics } from '../collector-metrics.js';
import { KafkaClients } from '../kafka/index.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { getOk, testConfig } from '../testing/ingest-harness.js';
import { containerStatus, iso, type KubeObj, type KubeObjects } from '../testing/kube-objects.js';
import { LiveTestClient } from '../testing/live-client.js';
import { buildQueryApp } from '../testing/query-harness.js';
import { waitForValue } from '../testing/wait-for.js';
import {
  createWatchedNamespaces,
  readerWatchConfig,
  untilWatcherLeads,
  watchedNamespaces,
} from '../testing/watched-cluster.js';

/**
 * What the cluster watcher stores reaches WebSocket clients live, on the leader and on a follower
 * replica (the leader publishes on the live topic; every replica's hub reads it): a pod's status
 * written as kubelet would, its container's OOM kill, an Event, a Deployment scaled. Real
 * kube-apiserver, broker and chDB. What the watcher lists when it starts leading is no news.
 */
const brokers = process.env.KAFKA_BROKERS ?? inject('kafkaBrokers');
const TOKEN = 'follower-read-token-0123456789';

class Client extends LiveTestClient {
  constructor(app: FastifyInstance, filter: Record<string, string>) {
    super(app, TOKEN, { filter });
  }
  changes(): KubernetesChange[] {
    return this.msgs.flatMap((m) => (m.type === 'kubernetes' ? [m.change] : []));
  }
  wait(what: string, pred: (c: KubernetesChange) => boolean): Promise<KubernetesChange> {
    return waitForValue(
      () => this.changes().find(pred),
      (c) => c !== undefined,
      { what, timeoutMs: 60_000 },
    ) as Promise<KubernetesChange>;
  }
}

describeWithApiServer('cluster changes on the live stream', (startTimeoutMs) => {
  let server: KubeApiServer;
  let k: KubeObjects;
  let leader: FastifyInstance;
  let follower: FastifyInstance;
  let followerKafka: KafkaClients;
  const chTarget = clickhouseTarget();
  const watched = watchedNamespaces('l');
  const { ns } = watched;
  let rs: KubeObj;
  const clients: Client[] = [];

  beforeAll(async () => {
    server = await startApiServer();
    k = await createWatchedNamespaces(server.kubeconfigPath, watched);
    const deploy = await k.deployment(ns, 'web', 2);
    rs = await k.replicaSet(ns, 'web-5d8f7c9b4', deploy, 2, 1);
    // a pod that was OOM-killed a minute ago, before the watcher leads: listed, stored, not pushed
    await k.pod(ns, 'web-old', { owner: rs, node: 'node-1' });
    const now = Date.now();
    await k.podStatus(ns, 'web-old', {
      phase: 'Running',
      startTime: iso(now - 120_000),
      containerStatuses: [
        containerStatus(
          'app',
          1,
          { running: { startedAt: iso(now - 59_000) } },
          {
            terminated: {
              reason: 'OOMKilled',
              exitCode: 137,
              startedAt: iso(now - 119_000),
              finishedAt: iso(now - 60_000),
            },
          },
          true,
        ),
      ],
    });

    const cfg = testConfig(brokers, chTarget);
    leader = await build(cfg, {
      kafka: false,
      liveStartWaitMs: 60_000,
      kubernetes: readerWatchConfig(server.readerKubeconfigPath, watched, 'live-leader'),
      kubernetesSettleMs: 500,
    });
    await leader.listen({ port: 0, host: '127.0.0.1' });
    // a follower replica's API: no watcher writes there; its hub reads the same live topic
    followerKafka = new KafkaClients({
      config: {
        brokers: brokers.split(','),
        kafkaSecurity: {},
        clientId: 'live-follower',
        liveTopic: cfg.liveTopic,
        topicPartitions: 4,
      },
      metrics: new CollectorMetrics(),
    });
    follower = await buildQueryApp({
      config: {
        staticTokens: [{ role: 'read', token: TOKEN }],
        liveGraceMs: 500,
        liveReplaySeconds: 600,
        liveBufferSize: 10_000,
        bootstrapTokens: false,
      },
      live: { kafka: followerKafka, kafkaStartWaitMs: 60_000 },
    });
    await follower.listen({ port: 0, host: '127.0.0.1' });
    for (const app of [leader, follower])
      await waitForValue(() => app.liveSource?.status.ready, Boolean, {
        what: 'the live consumer to join',
        timeoutMs: 60_000,
      });
    await untilWatcherLeads(leader);
    // the listed pod is stored before anything is pushed
    await waitForValue(
      () => leader.clusterWatcher?.writer.written.k8s_terminations,
      (n) => (n ?? 0) >= 1,
      { what: 'the listed termination stored' },
    );
  }, startTimeoutMs + 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await follower?.close();
    await followerKafka?.close();
    await leader?.close();
    await server?.stop();
    await chTarget.cleanup();
  });

  const get = <T>(url: string) => getOk<T>(leader, url);

  it("pushes a pod's status change, its OOM kill, its Event and a Deployment scaled, to the leader's and a follower's clients", async () => {
    const onLeader = new Client(leader, { namespace: ns });
    const onFollower = new Client(follower, { namespace: ns });
    const otherPod = new Client(follower, { namespace: ns, pod: 'web-other' });
    clients.push(onLeader, onFollower, otherPod);
    for (const c of clients)
      await waitForValue(() => c.msgs.some((m) => m.type === 'hello'), Boolean, { what: 'hello' });

    const now = Math.floor(Date.now() / 1000) * 1000;
    const pod = await k.pod(ns, 'web-live', { owner: rs, node: 'node-1' });
    await k.podStatus(ns, 'web-live', {
      phase: 'Running',
      startTime: iso(now - 30_000),
      containerStatuses: [
        containerStatus(
          'app',
          1,
          { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=app' } },
          {
            terminated: {
              reason: 'OOMKilled',
              exitCode: 137,
              startedAt: iso(now - 29_000),
              finishedAt: iso(now - 5_000),
              containerID: 'containerd://live1',
            },
          },
        ),
      ],
    });
    const message = `Back-off restarting failed container app in pod web-live_${ns}(${pod.metadata.uid})`;
    await k.event(ns, { ...pod, kind: 'Pod' }, { reason: 'BackOff', message, type: 'Warning', at: new Date(now) });
    await k.patch(ns, '/apis/apps/v1', 'deployments', 'web', { spec: { replicas: 3 } });

    const base = { namespace: ns, workload: 'web', podName: 'web-live', podUid: pod.metadata.uid };
    const termination = await onFollower.wait('the OOM kill', (c) => c.kind === 'termination');
    expect(termination).toEqual({
      kind: 'termination',
      ts: new Date(now - 5_000).toISOString(),
      ...base,
      termination: {
        container: 'app',
        reason: 'OOMKilled',
        exitCode: 137,
        signal: 9,
        signalName: 'SIGKILL',
        message: '',
        startedAt: new Date(now - 29_000).toISOString(),
        finishedAt: new Date(now - 5_000).toISOString(),
        restartCount: 1,
        cause: '',
        description: 'OOMKilled: exit code 137 (SIGKILL)',
      },
    });
    const event = await onFollower.wait('the BackOff event', (c) => c.kind === 'event');
    const expectedEvent = {
      ts: new Date(now).toISOString(),
      namespace: ns,
      involvedKind: 'Pod',
      involvedName: 'web-live',
      workload: 'web',
      type: 'Warning',
      reason: 'BackOff',
      message,
      count: 1,
      source: 'kubelet',
    };
    expect(event).toEqual({ kind: 'event', ts: new Date(now).toISOString(), ...base, event: expectedEvent });
    await onFollower.wait(
      'the CrashLoopBackOff status',
      (c) => c.kind === 'pod' && c.pod.waitingReason === 'CrashLoopBackOff',
    );
    const podChanges = onFollower.changes().filter((c) => c.kind === 'pod');
    expect(podChanges.at(-1)).toMatchObject({
      kind: 'pod',
      ...base,
      pod: {
        phase: 'Running',
        reason: '',
        waitingReason: 'CrashLoopBackOff',
        restartCount: 1,
        ready: false,
        deleted: false,
        endReason: '',
      },
    });
    const scaled = await onFollower.wait('the Deployment scaled', (c) => c.kind === 'replicas');
    const scaledAt = scaled.kind === 'replicas' ? scaled.replicas.ts : '';
    expect(scaled).toEqual({
      kind: 'replicas',
      ts: scaledAt,
      namespace: ns,
      workload: 'web',
      podName: '',
      podUid: '',
      replicas: {
        ts: scaledAt,
        kind: 'Deployment',
        replicas: 3,
        fromReplicas: 2,
        readyReplicas: 0,
        updatedReplicas: 0,
        availableReplicas: 0,
        cause: 'spec.replicas 2→3 (not by an HPA: kubectl scale, apply or another controller)',
      },
    });

    // the leader's own clients get the same (partitions may interleave otherwise); the REST API says the same
    await onLeader.wait('the OOM kill', (c) => c.kind === 'termination');
    await onLeader.wait('the BackOff event', (c) => c.kind === 'event');
    await onLeader.wait('the Deployment scaled', (c) => c.kind === 'replicas');
    await onLeader.wait(
      'the CrashLoopBackOff status',
      (c) => c.kind === 'pod' && c.pod.waitingReason === 'CrashLoopBackOff',
    );
    const sorted = (c: Client) =>
      c
        .changes()
        .map((x) => JSON.stringify(x))
        .sort();
    expect(sorted(onLeader)).toEqual(sorted(onFollower));
    const rest = await get<PodKubernetesResponse>(`/api/v1/pods/${pod.metadata.uid}/kubernetes`);
    expect(rest.terminations).toEqual([termination.kind === 'termination' ? termination.termination : null]);
    const feed = await get<EventsResponse>(`/api/v1/events?namespace=${ns}&from=${now - 60_000}&to=now`);
    expect(feed.kubernetes).toEqual([expectedEvent]);
    // the pod listed at the start is not news
    expect(onFollower.changes().filter((c) => c.podName === 'web-old')).toEqual([]);

    // a subscriber of another pod gets that pod's changes only
    const other = await k.pod(ns, 'web-other', { owner: rs, node: 'node-2' });
    await otherPod.wait('web-other', (c) => c.podName === 'web-other');
    await onFollower.wait('web-other', (c) => c.podName === 'web-other');
    expect(otherPod.changes().every((c) => c.podName === 'web-other' && c.podUid === other.metadata.uid)).toBe(true);
  }, 240_000);
});

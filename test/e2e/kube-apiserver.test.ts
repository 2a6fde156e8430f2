import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  KubeConfig,
  type V1OwnerReference,
  type V1Pod,
  Watch,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithApiServer, type KubeApiServer, startApiServer } from '../support/kube-apiserver.js';

// The real API server the cluster watcher will be tested against: what tests can write the way
// kubelet and the HPA controller do, and what reads and watches give back.
const IMAGE = 'podtrail/demo-app:1.0';
const LABELS = { app: 'demo' };
const STARTED = new Date('2026-03-01T10:00:00Z');
const OOM_KILLED_AT = new Date('2026-03-01T10:04:31Z');
const RESTARTED_AT = new Date('2026-03-01T10:04:42Z');

describeWithApiServer('kube-apiserver', (startTimeoutMs) => {
  let server: KubeApiServer;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let autoscaling: AutoscalingV2Api;
  let admin: KubeConfig;
  const namespace = `smoke-${process.pid}-${Date.now().toString(36)}`;
  let deploymentRef: V1OwnerReference;
  let replicaSetRef: V1OwnerReference;

  beforeAll(async () => {
    server = await startApiServer();
    admin = new KubeConfig();
    admin.loadFromFile(server.kubeconfigPath);
    core = admin.makeApiClient(CoreV1Api);
    apps = admin.makeApiClient(AppsV1Api);
    autoscaling = admin.makeApiClient(AutoscalingV2Api);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const template = { metadata: { labels: LABELS }, spec: { containers: [{ name: 'app', image: IMAGE }] } };
    const deployment = await apps.createNamespacedDeployment({
      namespace,
      body: { metadata: { name: 'demo' }, spec: { replicas: 5, selector: { matchLabels: LABELS }, template } },
    });
    deploymentRef = controllerRef('apps/v1', 'Deployment', deployment.metadata);
    const replicaSet = await apps.createNamespacedReplicaSet({
      namespace,
      body: {
        metadata: { name: 'demo-7d9f8b6c5d', ownerReferences: [deploymentRef] },
        spec: { replicas: 5, selector: { matchLabels: LABELS }, template },
      },
    });
    replicaSetRef = controllerRef('apps/v1', 'ReplicaSet', replicaSet.metadata);
  }, startTimeoutMs);

  afterAll(async () => {
    await server?.stop();
  });

  /** A pod of the ReplicaSet, bound to a node as the scheduler would. */
  function createPod(name: string): Promise<V1Pod> {
    return core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name, labels: LABELS, ownerReferences: [replicaSetRef] },
        spec: { nodeName: 'node-1', containers: [{ name: 'app', image: IMAGE }] },
      },
    });
  }

  it('keeps the Deployment -> ReplicaSet -> Pod owner chain', async () => {
    const pod = await createPod('demo-7d9f8b6c5d-owner');
    const replicaSet = await apps.readNamespacedReplicaSet({ namespace, name: 'demo-7d9f8b6c5d' });
    expect(pod.metadata?.ownerReferences).toEqual([replicaSetRef]);
    expect(replicaSet.metadata?.ownerReferences).toEqual([deploymentRef]);
    expect(replicaSetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'demo-7d9f8b6c5d',
      uid: replicaSet.metadata?.uid,
      controller: true,
      blockOwnerDeletion: true,
    });
    expect(deploymentRef.name).toBe('demo');
    expect(server.version).toBe('v1.37.2');
  });

  it('stores a container status written through /status the way kubelet writes it', async () => {
    const pod = await createPod('demo-7d9f8b6c5d-oom');
    await core.replaceNamespacedPodStatus({
      namespace,
      name: 'demo-7d9f8b6c5d-oom',
      body: {
        ...pod,
        status: {
          phase: 'Running',
          startTime: STARTED,
          containerStatuses: [
            {
              name: 'app',
              image: IMAGE,
              imageID: `docker.io/${IMAGE}@sha256:${'a'.repeat(64)}`,
              containerID: 'containerd://c3',
              ready: true,
              started: true,
              restartCount: 2,
              state: { running: { startedAt: RESTARTED_AT } },
              lastState: {
                terminated: {
                  reason: 'OOMKilled',
                  exitCode: 137,
                  startedAt: STARTED,
                  finishedAt: OOM_KILLED_AT,
                  containerID: 'containerd://c2',
                },
              },
            },
          ],
        },
      },
    });

    const read = await core.readNamespacedPodStatus({ namespace, name: 'demo-7d9f8b6c5d-oom' });
    expect(read.status?.phase).toBe('Running');
    const [container] = read.status?.containerStatuses ?? [];
    expect(container?.restartCount).toBe(2);
    expect(container?.state).toEqual({ running: { startedAt: RESTARTED_AT } });
    expect(container?.lastState).toEqual({
      terminated: {
        reason: 'OOMKilled',
        exitCode: 137,
        startedAt: STARTED,
        finishedAt: OOM_KILLED_AT,
        containerID: 'containerd://c2',
      },
    });
  });

  it('stores an autoscaling/v2 HPA and the status the HPA controller writes', async () => {
    const hpa = await autoscaling.createNamespacedHorizontalPodAutoscaler({
      namespace,
      body: {
        metadata: { name: 'demo' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'demo' },
          minReplicas: 5,
          maxReplicas: 10,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
          ],
        },
      },
    });
    await autoscaling.replaceNamespacedHorizontalPodAutoscalerStatus({
      namespace,
      name: 'demo',
      body: {
        ...hpa,
        status: {
          currentReplicas: 7,
          desiredReplicas: 7,
          lastScaleTime: OOM_KILLED_AT,
          currentMetrics: [
            { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 93, averageValue: '465m' } } },
          ],
        },
      },
    });

    const read = await autoscaling.readNamespacedHorizontalPodAutoscalerStatus({ namespace, name: 'demo' });
    expect(read.spec?.minReplicas).toBe(5);
    expect(read.spec?.maxReplicas).toBe(10);
    expect(read.spec?.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
    ]);
    expect(read.status).toEqual({
      currentReplicas: 7,
      desiredReplicas: 7,
      lastScaleTime: OOM_KILLED_AT,
      currentMetrics: [
        { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 93, averageValue: '465m' } } },
      ],
    });
  });

  it('stores a kubelet Event for the pod', async () => {
    const pod = await createPod('demo-7d9f8b6c5d-backoff');
    await core.createNamespacedEvent({
      namespace,
      body: {
        metadata: { name: 'demo-7d9f8b6c5d-backoff.17f0a1b2c3d4e5f6' },
        involvedObject: {
          apiVersion: 'v1',
          kind: 'Pod',
          namespace,
          name: 'demo-7d9f8b6c5d-backoff',
          uid: pod.metadata?.uid,
          fieldPath: 'spec.containers{app}',
        },
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container',
        count: 6,
        firstTimestamp: STARTED,
        lastTimestamp: OOM_KILLED_AT,
        source: { component: 'kubelet', host: 'node-1' },
      },
    });

    const events = await core.listNamespacedEvent({
      namespace,
      fieldSelector: `involvedObject.uid=${pod.metadata?.uid}`,
    });
    expect(
      events.items.map((e) => ({
        reason: e.reason,
        message: e.message,
        type: e.type,
        count: e.count,
        pod: e.involvedObject.name,
        lastTimestamp: e.lastTimestamp,
        source: e.source,
      })),
    ).toEqual([
      {
        reason: 'BackOff',
        message: 'Back-off restarting failed container',
        type: 'Warning',
        count: 6,
        pod: 'demo-7d9f8b6c5d-backoff',
        lastTimestamp: OOM_KILLED_AT,
        source: { component: 'kubelet', host: 'node-1' },
      },
    ]);
  });

  it('streams a status change to a watch started from a resourceVersion as one MODIFIED event', async () => {
    const pod = await createPod('demo-7d9f8b6c5d-watched');
    const events: { type: string; object: V1Pod }[] = [];
    let firstEvent: () => void = () => {};
    const arrived = new Promise<void>((resolveArrived) => {
      firstEvent = resolveArrived;
    });
    let watchEnded: unknown = null;
    const watch = await new Watch(admin).watch(
      `/api/v1/namespaces/${namespace}/pods`,
      { resourceVersion: pod.metadata?.resourceVersion },
      (type, object: V1Pod) => {
        events.push({ type, object });
        firstEvent();
      },
      (err: unknown) => {
        watchEnded = err ?? 'closed';
        firstEvent();
      },
    );
    try {
      const written = await core.replaceNamespacedPodStatus({
        namespace,
        name: 'demo-7d9f8b6c5d-watched',
        body: {
          ...pod,
          status: {
            phase: 'Running',
            containerStatuses: [
              {
                name: 'app',
                image: IMAGE,
                imageID: '',
                ready: false,
                restartCount: 3,
                state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
                lastState: {
                  terminated: { reason: 'Error', exitCode: 1, startedAt: STARTED, finishedAt: OOM_KILLED_AT },
                },
              },
            ],
          },
        },
      });
      await arrived;
      expect(watchEnded).toBeNull();
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event?.type).toBe('MODIFIED');
      // A watch delivers the object as JSON, timestamps as RFC 3339 strings.
      expect(event?.object.metadata?.uid).toBe(pod.metadata?.uid);
      expect(event?.object.metadata?.resourceVersion).toBe(written.metadata?.resourceVersion);
      expect(event?.object.status?.phase).toBe('Running');
      expect(event?.object.status?.containerStatuses).toEqual([
        {
          name: 'app',
          image: IMAGE,
          imageID: '',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
          lastState: {
            terminated: {
              reason: 'Error',
              exitCode: 1,
              startedAt: '2026-03-01T10:00:00Z',
              finishedAt: '2026-03-01T10:04:31Z',
            },
          },
        },
      ]);
    } finally {
      watch.abort();
    }
  });

  it('lets the reader token list pods and refuses it a create (403)', async () => {
    const reader = new KubeConfig();
    reader.loadFromFile(server.readerKubeconfigPath);
    const readerCore = reader.makeApiClient(CoreV1Api);
    await createPod('demo-7d9f8b6c5d-listed');

    const pods = await readerCore.listNamespacedPod({ namespace, labelSelector: 'app=demo' });
    expect(pods.items.map((p) => p.metadata?.name)).toContain('demo-7d9f8b6c5d-listed');

    const refused = await readerCore
      .createNamespacedPod({
        namespace,
        body: { metadata: { name: 'not-allowed' }, spec: { containers: [{ name: 'app', image: IMAGE }] } },
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(refused).toBeInstanceOf(ApiException);
    const exception = refused as ApiException<unknown>;
    expect(exception.code).toBe(403);
    const body = typeof exception.body === 'string' ? JSON.parse(exception.body) : exception.body;
    expect(body).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
    expect((body as { message: string }).message).toBe(
      `pods is forbidden: User "podtrail-reader" cannot create resource "pods" in API group "" in the namespace "${namespace}"`,
    );
  });
});

function controllerRef(
  apiVersion: string,
  kind: string,
  metadata: { name?: string; uid?: string } | undefined,
): V1OwnerReference {
  return {
    apiVersion,
    kind,
    name: metadata?.name ?? '',
    uid: metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

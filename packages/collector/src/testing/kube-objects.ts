import { KubeClient, loadKubeConfig } from '../kubernetes/kube-client.js';
import { REQUIRED_ACCESS } from '../kubernetes/required-access.js';

/**
 * Writes to a real API server the way controllers and kubelet would (tests): namespaces, owners,
 * pods and their `/status`, HPAs and their status, Events. Built on the watcher's own client.
 */
export class KubeObjects {
  readonly client: KubeClient;

  constructor(adminKubeconfig: string) {
    this.client = new KubeClient(loadKubeConfig(adminKubeconfig));
  }

  async namespace(name: string): Promise<void> {
    await this.client.request('POST', '/api/v1/namespaces', { metadata: { name } });
  }

  /**
   * Gives a user what REQUIRED_ACCESS says beyond get/list/watch (the test server's reader has
   * those): the Lease verbs in the lease namespace.
   */
  async grantLease(user: string, namespace: string): Promise<void> {
    const rules = REQUIRED_ACCESS.filter((r) => r.scope === 'lease-namespace').map((r) => ({
      apiGroups: [r.group],
      resources: [r.resource],
      verbs: [...r.verbs],
    }));
    const name = `podtrail-lease-${user}`;
    await this.client.request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles`, {
      metadata: { name },
      rules,
    });
    await this.client.request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
    });
  }

  create<T = KubeObj>(ns: string, api: string, resource: string, body: object): Promise<T> {
    return this.client.request<T>('POST', `${api}/namespaces/${ns}/${resource}`, body);
  }

  patch<T = KubeObj>(ns: string, api: string, resource: string, name: string, body: object, sub = ''): Promise<T> {
    return this.client.patch<T>(`${api}/namespaces/${ns}/${resource}/${name}${sub ? `/${sub}` : ''}`, body);
  }

  async deployment(ns: string, name: string, replicas: number): Promise<KubeObj> {
    const labels = { app: name };
    return this.create(ns, '/apis/apps/v1', 'deployments', {
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'demo:1' }] } },
      },
    });
  }

  async replicaSet(ns: string, name: string, owner: KubeObj, replicas: number, revision: number): Promise<KubeObj> {
    const labels = { app: owner.metadata.name, rs: name };
    return this.create(ns, '/apis/apps/v1', 'replicasets', {
      metadata: {
        name,
        annotations: { 'deployment.kubernetes.io/revision': String(revision) },
        ownerReferences: [ownerRef('apps/v1', 'Deployment', owner)],
      },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'demo:1' }] } },
      },
    });
  }

  /** A DaemonSet (its status as the controller would write it: `desired` pods scheduled). */
  async daemonSet(ns: string, name: string): Promise<KubeObj> {
    const labels = { app: name };
    return this.create(ns, '/apis/apps/v1', 'daemonsets', {
      metadata: { name },
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'demo:1' }] } },
      },
    });
  }

  async cronJob(ns: string, name: string, schedule = '*/5 * * * *'): Promise<KubeObj> {
    return this.create(ns, '/apis/batch/v1', 'cronjobs', {
      metadata: { name },
      spec: {
        schedule,
        jobTemplate: {
          spec: {
            template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'demo:1' }] } },
          },
        },
      },
    });
  }

  /** A Job, owned by `cronJob` as the CronJob controller makes them. */
  async job(ns: string, name: string, cronJob?: KubeObj): Promise<KubeObj> {
    return this.create(ns, '/apis/batch/v1', 'jobs', {
      metadata: { name, ...(cronJob ? { ownerReferences: [ownerRef('batch/v1', 'CronJob', cronJob)] } : {}) },
      spec: {
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'demo:1' }] } },
      },
    });
  }

  /**
   * A pod; `owner` its controller (a ReplicaSet unless `ownerKind` says DaemonSet, StatefulSet or
   * Job); `node` bound to a node (else it stays unscheduled).
   */
  pod(
    ns: string,
    name: string,
    opts: { owner?: KubeObj; ownerKind?: string; node?: string; containers?: string[] } = {},
  ): Promise<KubeObj> {
    const kind = opts.ownerKind ?? 'ReplicaSet';
    return this.create(ns, '/api/v1', 'pods', {
      metadata: {
        name,
        labels: { app: 'web' },
        ...(opts.owner
          ? { ownerReferences: [ownerRef(kind === 'Job' ? 'batch/v1' : 'apps/v1', kind, opts.owner)] }
          : {}),
      },
      spec: {
        ...(opts.node ? { nodeName: opts.node } : {}),
        containers: (opts.containers ?? ['app']).map((c) => ({ name: c, image: 'demo:1' })),
      },
    });
  }

  /** Writes pod status as kubelet would. */
  /** An autoscaling/v2 HPA `name` on the Deployment `name`: 2 to 10 replicas, CPU target 60 %. */
  hpa(ns: string, name: string): Promise<KubeObj> {
    return this.create(ns, '/apis/autoscaling/v2', 'horizontalpodautoscalers', {
      metadata: { name },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
        ],
      },
    });
  }

  /** A status the HPA controller writes: replicas now and wanted, at `cpuPercent` CPU utilization. */
  hpaStatus(
    ns: string,
    name: string,
    s: { currentReplicas: number; desiredReplicas: number; cpuPercent: number },
  ): Promise<KubeObj> {
    const currentMetrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: s.cpuPercent, averageValue: '200m' } },
      },
    ];
    const status = { currentReplicas: s.currentReplicas, desiredReplicas: s.desiredReplicas, currentMetrics };
    return this.patch(ns, '/apis/autoscaling/v2', 'horizontalpodautoscalers', name, { status }, 'status');
  }

  podStatus(ns: string, name: string, status: object): Promise<KubeObj> {
    return this.patch(ns, '/api/v1', 'pods', name, { status }, 'status');
  }

  deletePod(ns: string, name: string): Promise<unknown> {
    return this.client.request('DELETE', `/api/v1/namespaces/${ns}/pods/${name}?gracePeriodSeconds=0`);
  }

  /** An Event about an object, as kubelet or a controller records it. */
  event(
    ns: string,
    involved: KubeObj & { kind: string },
    e: { reason: string; message: string; type?: string; count?: number; at: Date; component?: string; name?: string },
  ): Promise<KubeObj> {
    const t = e.at.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return this.create(ns, '/api/v1', 'events', {
      metadata: { name: e.name ?? `${involved.metadata.name}.${Math.random().toString(36).slice(2, 10)}` },
      involvedObject: {
        kind: involved.kind,
        name: involved.metadata.name,
        namespace: ns,
        uid: involved.metadata.uid,
        apiVersion: involved.kind === 'Pod' ? 'v1' : 'apps/v1',
      },
      reason: e.reason,
      message: e.message,
      type: e.type ?? 'Normal',
      count: e.count ?? 1,
      firstTimestamp: t,
      lastTimestamp: t,
      source: { component: e.component ?? 'kubelet' },
    });
  }
}

/** An HPA's three status writes: scaling up to 8 at 93 % CPU, holding at 70 %, down to 4 at 20 %. */
export const HPA_UP_AND_IN = [
  { currentReplicas: 5, desiredReplicas: 8, cpuPercent: 93 },
  { currentReplicas: 8, desiredReplicas: 8, cpuPercent: 70 },
  { currentReplicas: 8, desiredReplicas: 4, cpuPercent: 20 },
] as const;

export interface KubeObj {
  metadata: { name: string; namespace: string; uid: string; resourceVersion: string };
}

function ownerRef(apiVersion: string, kind: string, o: KubeObj) {
  return { apiVersion, kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true };
}

/** A container status for `podStatus` (kubelet's shape). */
export function containerStatus(
  name: string,
  restartCount: number,
  state: object,
  lastState: object = {},
  ready = false,
): object {
  return { name, image: 'demo:1', imageID: '', restartCount, ready, started: ready, state, lastState };
}

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

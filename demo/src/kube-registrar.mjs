/**
 * The demo's node and control plane as a real API server sees them: what kubelet, the scheduler, the
 * ReplicaSet/Deployment/StatefulSet controllers and the HPA controller would write, for the pods the
 * demo's Cluster (cluster.mjs) runs. No kubelet or controller runs; this writes their objects,
 * `/status` subresources and Events, so the collector's cluster watcher sees a real cluster:
 *
 *   Namespace; Deployment -> ReplicaSet `<name>-<version>` -> Pods, StatefulSet -> Pods (ownerReferences)
 *   Pod created before its container starts: the API server's uid is the POD_UID its agent reports
 *   container start/ready/end -> status (restartCount, state, lastState.terminated: OOMKilled/137,
 *     Error with its code, Completed), CrashLoopBackOff while in back-off
 *   scale-in -> ReplicaSet scaled down, pod deleted gracefully, removed once its container ended
 *   eviction -> phase Failed, reason Evicted with the node's message (the pod object stays)
 *   node lost -> DisruptionTarget (taint manager), force deletion
 *   HPA (autoscaling/v2) -> status (current CPU utilization, desired replicas), /scale of its target
 *   Events: Scheduled, Pulled, Created, Started, Killing, BackOff, OOMKilling, Evicted, SuccessfulCreate,
 *     SuccessfulDelete, ScalingReplicaSet, SuccessfulRescale, ...
 *
 * Every write is best effort: an API error is logged (at most once per 30 s) and the demo goes on.
 */
import { randomBytes } from 'node:crypto';
import { kubeTime } from './kube-api.mjs';
import { EventRecorder } from './kube-events.mjs';
import { KubeAutoscaling, refOf } from './kube-hpa.mjs';
import { containerSpec, DEMO_IMAGE, evictionMessage, podStatus, terminationOf } from './kube-pod-status.mjs';

/** @typedef {import('./cluster.mjs').Pod} Pod */
/** @typedef {import('./cluster.mjs').Workload} Workload */
/** @typedef {import('./cluster.mjs').ContainerEnd} ContainerEnd */
/** @typedef {import('./hpa-controller.mjs').HpaDecision} HpaDecision */
/** @typedef {{ apiVersion: string, kind: string, name: string, uid: string }} Ref */

/** @typedef {import('./kube-pod-status.mjs').PodMemo} PodMemo */

const EVICTED_GC_MS = 10 * 60_000;
const ERROR_LOG_EVERY_MS = 30_000;

export class KubeRegistrar {
  /**
   * @param {{ api: import('./kube-api.mjs').KubeApi, namespace: string, graceMs: number,
   *           log: (msg: string) => void }} o
   */
  constructor(o) {
    this.api = o.api;
    this.ns = o.namespace;
    this.graceS = Math.max(1, Math.ceil(o.graceMs / 1000));
    this.log = o.log;
    this.events = new EventRecorder(o.api, o.namespace, (err) => this.failed(err));
    /** @type {Map<string, Promise<{ owner: Ref, top: Ref, rs?: Ref, labels: Record<string, string> }>>} */
    this.workloads = new Map();
    /** @type {Map<Pod, PodMemo>} */
    this.pods = new Map();
    /** @type {Map<string, NodeJS.Timeout>} */
    this.statusTimers = new Map();
    this.autoscaling = new KubeAutoscaling(this);
    /** @type {Set<Promise<unknown>>} */
    this.pending = new Set();
    /** @type {Set<NodeJS.Timeout>} */
    this.gcTimers = new Set();
    this.errors = 0;
    this.lastErrorLog = 0;
  }

  // ------------------------------------------------------------------------------ plumbing ---

  /** @param {unknown} err */
  failed(err) {
    this.errors++;
    const now = Date.now();
    if (now - this.lastErrorLog < ERROR_LOG_EVERY_MS) return;
    this.lastErrorLog = now;
    this.log(`kubernetes: a write to the API server failed: ${err instanceof Error ? err.message : String(err)}`);
  }

  /** @template T @param {Promise<T>} p @returns {Promise<T>} */
  track(p) {
    this.pending.add(p);
    const done = () => this.pending.delete(p);
    p.then(done, done);
    return p;
  }

  /** Runs `fn` after this pod's earlier writes. @param {PodMemo} memo @param {() => Promise<unknown>} fn */
  inOrder(memo, fn) {
    memo.chain = this.track(memo.chain.then(fn).catch((err) => this.failed(err)));
  }

  get base() {
    return `/api/v1/namespaces/${this.ns}`;
  }

  get apps() {
    return `/apis/apps/v1/namespaces/${this.ns}`;
  }

  /** The namespace (kept when it exists). */
  async start() {
    await this.api.ensure('/api/v1/namespaces', { metadata: { name: this.ns, labels: { app: 'podtrail-demo' } } });
  }

  /** Waits for every write started so far. */
  async flush() {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async close() {
    for (const t of this.statusTimers.values()) clearTimeout(t);
    for (const t of this.gcTimers) clearTimeout(t);
    await this.flush();
    this.api.close();
  }

  // ------------------------------------------------------------------------------- owners ---

  /** Deployment + ReplicaSet, or StatefulSet, as `kubectl apply` and the controllers would create them. @param {Workload} w */
  async createOwners(w) {
    const labels = { app: w.name };
    const template = (/** @type {Record<string, string>} */ l) => ({
      metadata: { labels: l },
      spec: { containers: [containerSpec(w)], terminationGracePeriodSeconds: this.graceS },
    });
    if (w.kind === 'StatefulSet') {
      const sts = await this.api.create(`${this.apps}/statefulsets`, {
        metadata: { name: w.name, labels },
        spec: {
          replicas: w.replicas,
          serviceName: w.name,
          selector: { matchLabels: labels },
          template: template(labels),
        },
      });
      const ref = refOf('apps/v1', 'StatefulSet', sts);
      return { owner: ref, top: ref, labels };
    }
    const deployment = await this.api.create(`${this.apps}/deployments`, {
      metadata: { name: w.name, labels },
      spec: { replicas: w.replicas, selector: { matchLabels: labels }, template: template(labels) },
    });
    const top = refOf('apps/v1', 'Deployment', deployment);
    // the ReplicaSet of revision `version`, named like the pods' prefix (<deployment>-<version>-xxxxx)
    const rsLabels = { ...labels, 'pod-template-hash': w.version };
    const rs = await this.api.create(`${this.apps}/replicasets`, {
      metadata: {
        name: `${w.name}-${w.version}`,
        labels: rsLabels,
        annotations: {
          'deployment.kubernetes.io/revision': '1',
          'deployment.kubernetes.io/desired-replicas': String(w.replicas),
        },
        ownerReferences: [{ ...top, controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: w.replicas, selector: { matchLabels: rsLabels }, template: template(rsLabels) },
    });
    const rsRef = refOf('apps/v1', 'ReplicaSet', rs);
    void this.events.record(top, {
      reason: 'ScalingReplicaSet',
      message: `Scaled up replica set ${rsRef.name} from 0 to ${w.replicas}`,
      component: 'deployment-controller',
    });
    return { owner: rsRef, top, rs: rsRef, labels: rsLabels };
  }

  /** The replica counts of a workload's owners, as their controllers report them. @param {Workload} w */
  syncOwnerStatus(w) {
    if (this.statusTimers.has(w.name)) return;
    const timer = setTimeout(() => {
      this.statusTimers.delete(w.name);
      const owners = this.workloads.get(w.name);
      if (!owners) return;
      const pods = [...w.pods];
      const replicas = pods.length;
      const ready = pods.filter((p) => p.state === 'ready').length;
      const status = { replicas, readyReplicas: ready, availableReplicas: ready };
      this.track(
        owners
          .then(async ({ owner, rs, top }) => {
            if (rs) {
              await this.api.patch(`${this.apps}/replicasets/${rs.name}/status`, {
                status: { ...status, fullyLabeledReplicas: replicas },
              });
              await this.api.patch(`${this.apps}/deployments/${top.name}/status`, {
                status: { ...status, updatedReplicas: replicas },
              });
            } else {
              await this.api.patch(`${this.apps}/statefulsets/${owner.name}/status`, {
                status: { ...status, currentReplicas: replicas, updatedReplicas: replicas },
              });
            }
          })
          .catch((err) => this.failed(err)),
      );
    }, 500);
    this.statusTimers.set(w.name, timer);
  }

  // ---------------------------------------------------------------------------------- pods ---

  /** @param {Pod} pod @returns {PodMemo} */
  memo(pod) {
    let m = this.pods.get(pod);
    if (!m) {
      m = {
        uid: pod.uid,
        phase: 'Pending',
        startTime: undefined,
        ready: false,
        state: { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
        containerId: '',
        reason: undefined,
        message: undefined,
        extraConditions: [],
        chain: Promise.resolve(),
      };
      this.pods.set(pod, m);
    }
    return m;
  }

  /** @param {Pod} pod @returns {Ref & { fieldPath?: string }} */
  podRef(pod, container = false) {
    const ref = { apiVersion: 'v1', kind: 'Pod', name: pod.name, uid: this.memo(pod).uid };
    return container ? { ...ref, fieldPath: `spec.containers{${pod.workload.container}}` } : ref;
  }

  /** kubelet's event about a pod. @param {Pod} pod @param {Omit<import('./kube-events.mjs').EventSpec, 'component'>} e */
  kubeletEvent(pod, e, container = true) {
    void this.events.record(this.podRef(pod, container), { component: 'kubelet', host: pod.nodeName, ...e });
  }

  /** @param {Pod} pod @param {PodMemo} m */
  writeStatus(pod, m) {
    const status = podStatus(pod, m);
    this.inOrder(m, () => this.api.patch(`${this.base}/pods/${pod.name}/status`, { status }));
  }

  /**
   * Creates the pod (bound to its node, as the scheduler would) and resolves with the uid the API
   * server gave it. A leftover of that name (a StatefulSet ordinal whose evicted pod is still
   * there) is deleted first, as the StatefulSet controller does.
   * @param {Pod} pod @returns {Promise<string>}
   */
  admit(pod) {
    const m = this.memo(pod);
    const created = m.chain.then(() => this.create(pod, m));
    m.chain = this.track(created.catch((err) => this.failed(err)));
    return created;
  }

  /** @param {Pod} pod @param {PodMemo} m @returns {Promise<string>} */
  async create(pod, m) {
    const w = pod.workload;
    const owners = this.workloads.get(w.name);
    if (!owners) throw new Error(`workload ${w.name} was not registered`);
    const { owner, labels } = await owners;
    const body = {
      metadata: {
        name: pod.name,
        labels: w.kind === 'StatefulSet' ? { ...labels, 'statefulset.kubernetes.io/pod-name': pod.name } : labels,
        ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        nodeName: pod.nodeName,
        containers: [containerSpec(w)],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: this.graceS,
      },
    };
    /** @type {{ metadata: { uid: string } }} */
    let created;
    try {
      created = await this.api.create(`${this.base}/pods`, body);
    } catch (err) {
      if (!(err instanceof Error && 'status' in err && err.status === 409)) throw err;
      await this.api.delete(`${this.base}/pods/${pod.name}`, { gracePeriodSeconds: 0 });
      created = await this.api.create(`${this.base}/pods`, body);
    }
    m.uid = created.metadata.uid;
    pod.uid = m.uid;
    void this.events.record(owner, {
      reason: 'SuccessfulCreate',
      message:
        w.kind === 'StatefulSet'
          ? `create Pod ${pod.name} in StatefulSet ${w.name} successful`
          : `Created pod: ${pod.name}`,
      component: w.kind === 'StatefulSet' ? 'statefulset-controller' : 'replicaset-controller',
    });
    void this.events.record(this.podRef(pod), {
      reason: 'Scheduled',
      message: `Successfully assigned ${this.ns}/${pod.name} to ${pod.nodeName}`,
      component: 'default-scheduler',
    });
    this.writeStatus(pod, m);
    this.syncOwnerStatus(w);
    return m.uid;
  }

  /** @param {Pod} pod */
  containerStarted(pod) {
    const m = this.memo(pod);
    const started = kubeTime(pod.containerStartedAt);
    m.startTime ??= started;
    m.phase = 'Running';
    m.ready = false;
    m.state = { running: { startedAt: started } };
    m.containerId = `containerd://${randomBytes(32).toString('hex')}`;
    const c = pod.workload.container;
    this.kubeletEvent(pod, { reason: 'Pulled', message: `Container image "${DEMO_IMAGE}" already present on machine` });
    this.kubeletEvent(pod, { reason: 'Created', message: `Created container: ${c}` });
    this.kubeletEvent(pod, { reason: 'Started', message: `Started container ${c}` });
    this.writeStatus(pod, m);
  }

  /** @param {Pod} pod */
  containerReady(pod) {
    const m = this.memo(pod);
    m.ready = true;
    this.writeStatus(pod, m);
    this.syncOwnerStatus(pod.workload);
  }

  /** @param {Pod} pod @param {ContainerEnd} end */
  containerEnded(pod, end) {
    const m = this.memo(pod);
    const c = pod.workload.container;
    const { exitCode, reason } = terminationOf(end);
    const terminated = {
      exitCode,
      reason,
      startedAt: kubeTime(end.startedAt),
      finishedAt: kubeTime(end.finishedAt),
      ...(m.containerId ? { containerID: m.containerId } : {}),
    };
    m.ready = false;
    if (end.expect === 'oom-kill') {
      this.kubeletEvent(pod, {
        type: 'Warning',
        reason: 'OOMKilling',
        message: `Memory cgroup out of memory: Killed process (node) of container ${c} in pod ${pod.name}: memory limit 256Mi reached`,
      });
    } else if (end.expect === 'startup-probe') {
      this.kubeletEvent(pod, {
        type: 'Warning',
        reason: 'Unhealthy',
        message: 'Startup probe failed: Get "http://127.0.0.1:8080/healthz": dial tcp: connect: connection refused',
      });
      this.kubeletEvent(pod, { reason: 'Killing', message: `Container ${c} failed startup probe, will be restarted` });
    }
    if (end.backoffMs !== undefined) {
      // restartPolicy Always: the previous run becomes lastState; back-off until the next start
      m.lastState = { terminated };
      m.state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${Math.round(end.backoffMs / 1000)}s restarting failed container=${c} pod=${pod.name}_${this.ns}(${m.uid})`,
        },
      };
      if (end.backoffMs >= 2000) {
        this.kubeletEvent(pod, {
          type: 'Warning',
          reason: 'BackOff',
          message: `Back-off restarting failed container ${c} in pod ${pod.name}_${this.ns}(${m.uid})`,
        });
      }
      this.writeStatus(pod, m);
      this.syncOwnerStatus(pod.workload);
      return;
    }
    if (end.deleting === 'node lost') {
      // kubelet is gone with its node: only the node controller and the taint manager write
      m.extraConditions = [
        {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'DeletionByTaintManager',
          message: 'Taint manager: deleting due to NoExecute taint',
          lastTransitionTime: kubeTime(Date.now()),
        },
      ];
      this.writeStatus(pod, m);
      return;
    }
    m.state = { terminated };
    if (end.deleting === 'evicted') {
      m.phase = 'Failed';
      m.reason = 'Evicted';
      m.message = evictionMessage(c);
    }
    this.writeStatus(pod, m);
  }

  /** @param {Pod} pod @param {string} reason */
  podDeleting(pod, reason) {
    const m = this.memo(pod);
    const w = pod.workload;
    const c = w.container;
    if (reason === 'evicted') {
      this.kubeletEvent(pod, { type: 'Warning', reason: 'Evicted', message: evictionMessage(c) }, false);
      this.kubeletEvent(pod, { reason: 'Killing', message: `Stopping container ${c}` });
      return;
    }
    if (reason === 'node lost') {
      void this.events.record(this.podRef(pod), {
        type: 'Warning',
        reason: 'NodeNotReady',
        message: 'Node is not ready',
        component: 'node-controller',
      });
      void this.events.record(this.podRef(pod), {
        reason: 'TaintManagerEviction',
        message: `Marking for deletion Pod ${this.ns}/${pod.name}`,
        component: 'taint-eviction-controller',
      });
      return;
    }
    if (reason === 'scale-in') {
      this.track(
        (this.workloads.get(w.name) ?? Promise.reject(new Error(`workload ${w.name} was not registered`)))
          .then(({ owner }) =>
            this.events.record(owner, {
              reason: 'SuccessfulDelete',
              message:
                w.kind === 'StatefulSet'
                  ? `delete Pod ${pod.name} in StatefulSet ${w.name} successful`
                  : `Deleted pod: ${pod.name}`,
              component: w.kind === 'StatefulSet' ? 'statefulset-controller' : 'replicaset-controller',
            }),
          )
          .catch((err) => this.failed(err)),
      );
    }
    // graceful deletion: the API server sets deletionTimestamp; kubelet stops the container
    this.inOrder(m, () =>
      this.api.delete(`${this.base}/pods/${pod.name}`, {
        gracePeriodSeconds: this.graceS,
        preconditions: { uid: m.uid },
      }),
    );
    this.kubeletEvent(pod, { reason: 'Killing', message: `Stopping container ${c}` });
  }

  /** The pod left the node: kubelet's final delete (an evicted pod stays, until garbage-collected). @param {Pod} pod */
  podRemoved(pod) {
    const m = this.memo(pod);
    this.syncOwnerStatus(pod.workload);
    const remove = () =>
      this.api.delete(`${this.base}/pods/${pod.name}`, { gracePeriodSeconds: 0, preconditions: { uid: m.uid } });
    if (pod.deleting === 'evicted') {
      const t = setTimeout(() => {
        this.gcTimers.delete(t);
        this.inOrder(m, remove);
        this.pods.delete(pod);
      }, EVICTED_GC_MS);
      t.unref();
      this.gcTimers.add(t);
      return;
    }
    this.inOrder(m, remove);
    this.pods.delete(pod);
  }

  /** The hooks cluster.mjs calls. @returns {import('./cluster.mjs').ClusterObserver} */
  observer() {
    return {
      workloadAdded: (w) => {
        const p = this.createOwners(w);
        p.catch((err) => this.failed(err));
        this.workloads.set(w.name, p);
      },
      admit: (pod) => this.admit(pod),
      containerStarted: (pod) => this.containerStarted(pod),
      containerReady: (pod) => this.containerReady(pod),
      containerEnded: (pod, end) => this.containerEnded(pod, end),
      podDeleting: (pod, reason) => this.podDeleting(pod, reason),
      podRemoved: (pod) => this.podRemoved(pod),
    };
  }

  // ----------------------------------------------------------------------------------- HPA ---

  /** @param {Workload} w @param {{ min: number, max: number, target: number }} spec */
  createHpa(w, spec) {
    return this.autoscaling.createHpa(w, spec);
  }

  /** @param {Workload} w @param {HpaDecision} d @returns {Promise<number>} the replicas the API server holds now */
  applyHpa(w, d) {
    return this.autoscaling.applyHpa(w, d);
  }

  /** @param {Iterable<Workload>} workloads */
  scaleToZero(workloads) {
    return this.autoscaling.scaleToZero(workloads);
  }

  /** every distinct HPA status written, per HPA name */
  get hpaHistory() {
    return this.autoscaling.history;
  }
}

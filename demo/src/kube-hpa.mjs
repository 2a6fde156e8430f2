/**
 * The HPA controller's and the deployment controller's writes for the demo's autoscaler
 * (hpa-controller.mjs): the HorizontalPodAutoscaler (autoscaling/v2, CPU utilization), its status at
 * each decision, the target's /scale, the ReplicaSet following its Deployment, and their Events
 * (SuccessfulRescale "New size: 7; reason: cpu resource utilization (percentage of request) above
 * target", ScalingReplicaSet). Keeps every distinct status it wrote (`history`), as the cluster
 * watcher reads them back.
 */
import { kubeTime } from './kube-api.mjs';
import { CPU_REQUEST_MILLI } from './kube-pod-status.mjs';

/** @typedef {import('./cluster.mjs').Workload} Workload */
/** @typedef {import('./hpa-controller.mjs').HpaDecision} HpaDecision */
/** @typedef {import('./kube-registrar.mjs').Ref} Ref */

/**
 * @typedef {object} HpaHistoryPoint what was written, as the watcher reads it back
 * @property {number} minReplicas
 * @property {number} maxReplicas
 * @property {number} currentReplicas
 * @property {number} desiredReplicas
 * @property {number | null} cpu       current average utilization (%), null before the first status
 * @property {string | null} lastScaleTime
 */

export class KubeAutoscaling {
  /** @param {import('./kube-registrar.mjs').KubeRegistrar} registrar its API client, owners and write tracking */
  constructor(registrar) {
    this.r = registrar;
    /** @type {Map<string, { ref: Ref, last: string, lastScaleTime: string | null, min: number, max: number, target: number }>} */
    this.hpas = new Map();
    /** every distinct HPA status written, per HPA name (the first: created, no status yet) */
    /** @type {Map<string, HpaHistoryPoint[]>} */
    this.history = new Map();
  }

  /**
   * The workload's HorizontalPodAutoscaler (autoscaling/v2, CPU utilization).
   * @param {Workload} w @param {{ min: number, max: number, target: number }} spec
   */
  async createHpa(w, spec) {
    const { top } = await /** @type {Promise<{ top: Ref }>} */ (this.r.workloads.get(w.name));
    const hpa = await this.r.api.create(`/apis/autoscaling/v2/namespaces/${this.r.ns}/horizontalpodautoscalers`, {
      metadata: { name: w.name },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: top.kind, name: top.name },
        minReplicas: spec.min,
        maxReplicas: spec.max,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.target } },
          },
        ],
        behavior: {
          scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 2, periodSeconds: 15 }] },
          scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 15 }] },
        },
      },
    });
    const ref = refOf('autoscaling/v2', 'HorizontalPodAutoscaler', hpa);
    this.hpas.set(w.name, { ref, last: '', lastScaleTime: null, ...spec });
    this.history.set(w.name, [
      {
        minReplicas: spec.min,
        maxReplicas: spec.max,
        currentReplicas: 0,
        desiredReplicas: 0,
        cpu: null,
        lastScaleTime: null,
      },
    ]);
  }

  /**
   * The HPA controller's sync: its status, then (on a change) the target's /scale, and the
   * deployment controller's ReplicaSet scaling. Resolves with the replicas the API server holds
   * for the workload now, which the demo's cluster then runs.
   * @param {Workload} w @param {HpaDecision} d @returns {Promise<number>}
   */
  async applyHpa(w, d) {
    const hpa = this.hpas.get(w.name);
    const owners = await this.r.workloads.get(w.name);
    if (!hpa || !owners) throw new Error(`no HPA registered for ${w.name}`);
    const scaled = d.direction !== 'none';
    if (scaled) hpa.lastScaleTime = kubeTime(Date.now());
    const point = {
      minReplicas: hpa.min,
      maxReplicas: hpa.max,
      currentReplicas: d.currentReplicas,
      desiredReplicas: d.desiredReplicas,
      cpu: d.utilization,
      lastScaleTime: hpa.lastScaleTime,
    };
    const sig = JSON.stringify(point);
    if (sig !== hpa.last) {
      const now = kubeTime(Date.now());
      await this.r.track(
        this.r.api.patch(`/apis/autoscaling/v2/namespaces/${this.r.ns}/horizontalpodautoscalers/${w.name}/status`, {
          status: {
            currentReplicas: d.currentReplicas,
            desiredReplicas: d.desiredReplicas,
            ...(hpa.lastScaleTime ? { lastScaleTime: hpa.lastScaleTime } : {}),
            currentMetrics: [
              {
                type: 'Resource',
                resource: {
                  name: 'cpu',
                  current: {
                    averageUtilization: d.utilization,
                    averageValue: `${Math.round((d.utilization * CPU_REQUEST_MILLI) / 100)}m`,
                  },
                },
              },
            ],
            conditions: [
              { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', lastTransitionTime: now },
              { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', lastTransitionTime: now },
              {
                type: 'ScalingLimited',
                status: d.desiredReplicas === hpa.min || d.desiredReplicas === hpa.max ? 'True' : 'False',
                reason:
                  d.desiredReplicas === hpa.max
                    ? 'TooManyReplicas'
                    : d.desiredReplicas === hpa.min
                      ? 'TooFewReplicas'
                      : 'DesiredWithinRange',
                lastTransitionTime: now,
              },
            ],
          },
        }),
      );
      hpa.last = sig;
      this.history.get(w.name)?.push(point);
    }
    if (!scaled) return d.currentReplicas;
    const scale = await this.r.track(
      this.r.api.patch(
        `${this.r.apps}/${owners.top.kind === 'StatefulSet' ? 'statefulsets' : 'deployments'}/${owners.top.name}/scale`,
        {
          spec: { replicas: d.desiredReplicas },
        },
      ),
    );
    const replicas = scale.spec?.replicas ?? d.desiredReplicas;
    void this.r.events.record(hpa.ref, {
      reason: 'SuccessfulRescale',
      message: `New size: ${replicas}; reason: ${d.direction === 'up' ? 'cpu resource utilization (percentage of request) above target' : 'All metrics below target'}`,
      component: 'horizontal-pod-autoscaler',
    });
    if (owners.rs) await this.scaleReplicaSet(owners.top, owners.rs, d.currentReplicas, replicas);
    return replicas;
  }

  /** The deployment controller follows its Deployment's new size. @param {Ref} top @param {Ref} rs @param {number} from @param {number} to */
  async scaleReplicaSet(top, rs, from, to) {
    await this.r.track(
      this.r.api.patch(`${this.r.apps}/replicasets/${rs.name}`, {
        metadata: { annotations: { 'deployment.kubernetes.io/desired-replicas': String(to) } },
        spec: { replicas: to },
      }),
    );
    void this.r.events.record(top, {
      reason: 'ScalingReplicaSet',
      message: `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.name} from ${from} to ${to}`,
      component: 'deployment-controller',
    });
  }

  /**
   * The demo is stopping: every workload scaled to 0 first (as `kubectl scale --replicas=0`), so
   * the pods' deletions that follow are told as a scale-in.
   * @param {Iterable<Workload>} workloads
   */
  async scaleToZero(workloads) {
    for (const w of workloads) {
      const owners = await this.r.workloads.get(w.name)?.catch(() => undefined);
      if (!owners) continue;
      const kind = owners.top.kind === 'StatefulSet' ? 'statefulsets' : 'deployments';
      try {
        await this.r.api.patch(`${this.r.apps}/${kind}/${owners.top.name}/scale`, { spec: { replicas: 0 } });
        if (owners.rs) await this.scaleReplicaSet(owners.top, owners.rs, w.pods.size, 0);
      } catch (err) {
        this.r.failed(err);
      }
    }
  }
}

/** @param {string} apiVersion @param {string} kind @param {{ metadata: { name: string, uid: string } }} o @returns {Ref} */
export function refOf(apiVersion, kind, o) {
  return { apiVersion, kind, name: o.metadata.name, uid: o.metadata.uid };
}

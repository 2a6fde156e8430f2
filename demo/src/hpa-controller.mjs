/**
 * The demo's Horizontal Pod Autoscaler: the autoscaling/v2 algorithm on one CPU metric.
 * desired = ceil(current x utilization / target), nothing within 10 % of the target, clamped to
 * [min, max], at most +2 pods per step up and -1 per step down (the HPA's `behavior` policies).
 * The utilization comes from the demo's load: `demand()` is the CPU the offered load needs, in pods
 * running at the target utilization.
 */

const TOLERANCE = 0.1;

/**
 * @typedef {object} HpaDecision
 * @property {number} currentReplicas
 * @property {number} utilization     average CPU utilization of the pods, % of their request
 * @property {number} desiredReplicas what the HPA sets: after tolerance, min/max and step limits
 * @property {'up' | 'down' | 'none'} direction
 */

/**
 * @param {{ current: number, utilization: number, target: number, min: number, max: number,
 *           maxUp?: number, maxDown?: number }} o
 * @returns {number} the replicas the HPA asks for
 */
export function desiredReplicas({ current, utilization, target, min, max, maxUp = 2, maxDown = 1 }) {
  const ratio = utilization / target;
  let desired = Math.abs(ratio - 1) <= TOLERANCE ? current : Math.ceil(current * ratio);
  desired = Math.min(max, Math.max(min, desired));
  if (desired > current) return Math.min(desired, current + maxUp);
  if (desired < current) return Math.max(desired, current - maxDown);
  return current;
}

export class HpaController {
  /**
   * @param {{ name: string, min: number, max: number, targetUtilization?: number,
   *           demand: () => number, current: () => number,
   *           apply: (decision: HpaDecision) => Promise<number>,
   *           log: (msg: string) => void }} o
   *   apply: makes the decision happen (writes it to the API server and scales the workload);
   *   resolves with the replicas the workload now has
   */
  constructor(o) {
    this.o = o;
    this.name = o.name;
    this.min = o.min;
    this.max = o.max;
    this.target = o.targetUtilization ?? 60;
  }

  /** @returns {HpaDecision} */
  evaluate() {
    const current = Math.max(1, this.o.current());
    const utilization = Math.round((this.target * this.o.demand()) / current);
    const desired = desiredReplicas({ current, utilization, target: this.target, min: this.min, max: this.max });
    return {
      currentReplicas: current,
      utilization,
      desiredReplicas: desired,
      direction: desired > current ? 'up' : desired < current ? 'down' : 'none',
    };
  }

  /** One sync period: evaluate and apply. */
  async step() {
    const d = this.evaluate();
    if (d.direction !== 'none') {
      this.o.log(
        `hpa ${this.name}: ${d.currentReplicas} -> ${d.desiredReplicas} replicas (cpu ${d.utilization}% / target ${this.target}%, min ${this.min}, max ${this.max})`,
      );
    }
    await this.o.apply(d);
    return d;
  }
}

/**
 * How a decision takes effect: written to the API server when there is one (the HPA's status, the
 * target's /scale), then the demo's cluster runs the replicas the API server holds for the workload.
 * @param {{ cluster: import('./cluster.mjs').Cluster, workload: import('./cluster.mjs').Workload,
 *           registrar?: import('./kube-registrar.mjs').KubeRegistrar, stopped?: () => boolean }} o
 * @returns {(d: HpaDecision) => Promise<number>}
 */
export function applyToCluster({ cluster, workload, registrar, stopped = () => false }) {
  return async (d) => {
    let replicas = d.desiredReplicas;
    if (registrar) {
      replicas = await registrar.applyHpa(workload, d).catch((err) => {
        registrar.failed(err);
        return d.desiredReplicas;
      });
    }
    if (replicas !== workload.replicas && !stopped()) cluster.scale(workload, replicas);
    return replicas;
  };
}

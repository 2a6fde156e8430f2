// Types of hpa-controller.mjs for the TypeScript end-to-end tests.
import type { Cluster, Workload } from './cluster.mjs';
import type { KubeRegistrar } from './kube-registrar.mjs';

export interface HpaDecision {
  currentReplicas: number;
  utilization: number;
  desiredReplicas: number;
  direction: 'up' | 'down' | 'none';
}
export declare function desiredReplicas(o: {
  current: number;
  utilization: number;
  target: number;
  min: number;
  max: number;
  maxUp?: number;
  maxDown?: number;
}): number;
export declare class HpaController {
  constructor(o: {
    name: string;
    min: number;
    max: number;
    targetUtilization?: number;
    demand: () => number;
    current: () => number;
    apply: (decision: HpaDecision) => Promise<number>;
    log: (msg: string) => void;
  });
  evaluate(): HpaDecision;
  step(): Promise<HpaDecision>;
}
export declare function applyToCluster(o: {
  cluster: Cluster;
  workload: Workload;
  registrar?: KubeRegistrar;
  stopped?: () => boolean;
}): (d: HpaDecision) => Promise<number>;

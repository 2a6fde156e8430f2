// Types of kube-registrar.mjs for the TypeScript end-to-end tests.
import type { ClusterObserver, Workload } from './cluster.mjs';
import type { HpaDecision } from './hpa-controller.mjs';
import type { KubeApi } from './kube-api.mjs';

/** An HPA status the registrar wrote, as the cluster watcher reads it back. */
export interface HpaHistoryPoint {
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  /** current average CPU utilization (%), null before the first status */
  cpu: number | null;
  lastScaleTime: string | null;
}
export declare class KubeRegistrar {
  constructor(o: { api: KubeApi; namespace: string; graceMs: number; log: (msg: string) => void });
  readonly api: KubeApi;
  errors: number;
  start(): Promise<void>;
  observer(): ClusterObserver;
  createHpa(w: Workload, spec: { min: number; max: number; target: number }): Promise<void>;
  applyHpa(w: Workload, d: HpaDecision): Promise<number>;
  scaleToZero(workloads: Iterable<Workload>): Promise<void>;
  failed(err: unknown): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  readonly hpaHistory: Map<string, HpaHistoryPoint[]>;
}

import { type Static, Type } from '@sinclair/typebox';
import { FilterString, IsoTime, Nullable, TimeParam } from './common.js';

/** What the cluster says of a pod (the Kubernetes watcher's k8s_pods row). */
export const KubernetesPodStatus = Type.Object({
  namespace: Type.String(),
  podName: Type.String(),
  podUid: Type.String(),
  workload: Type.String(),
  workloadKind: Type.String(),
  nodeName: Type.String(),
  /** Pending, Running, Succeeded, Failed, Unknown */
  phase: Type.String(),
  /** pod-level reason (Evicted, Unschedulable, ...) and message */
  reason: Type.String(),
  message: Type.String(),
  /** first waiting container's reason (CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError, ...) */
  waitingReason: Type.String(),
  waitingMessage: Type.String(),
  /** sum over the pod's containers, as `kubectl get pods` RESTARTS */
  restartCount: Type.Integer(),
  ready: Type.Boolean(),
  createdAt: IsoTime,
  startedAt: Nullable(IsoTime),
  endedAt: Nullable(IsoTime),
  /** why the pod ended, per the cluster ('' while it lives) */
  endReason: Type.String(),
  deleted: Type.Boolean(),
  updatedAt: IsoTime,
});
export type KubernetesPodStatus = Static<typeof KubernetesPodStatus>;

/** A container's end (kubectl describe's "Last State: Terminated"), or a pod-level end (container ''). */
export const KubernetesTermination = Type.Object({
  /** '' for a pod-level end: eviction, preemption, deletion */
  container: Type.String(),
  /** OOMKilled, Error, Completed, Evicted, PreemptionByScheduler, Deleted, ... */
  reason: Type.String(),
  exitCode: Type.Integer(),
  /** the signal that killed it (from the status, or exit code 128+n); 0 when none */
  signal: Type.Integer(),
  /** SIGKILL, SIGTERM, ... ('' when none) */
  signalName: Type.String(),
  message: Type.String(),
  startedAt: Nullable(IsoTime),
  finishedAt: IsoTime,
  /** the container's restart count when this end was observed */
  restartCount: Type.Integer(),
  /** what the pod's events say caused it ("Liveness probe failed: ..."), else '' */
  cause: Type.String(),
  /** one line: "OOMKilled: exit code 137 (SIGKILL)" */
  description: Type.String(),
});
export type KubernetesTermination = Static<typeof KubernetesTermination>;

export const KubernetesContainer = Type.Object({
  name: Type.String(),
  restartCount: Type.Integer(),
  ready: Type.Boolean(),
  /** running, waiting or terminated */
  state: Type.String(),
  /** the state's reason (CrashLoopBackOff, OOMKilled, ...) */
  reason: Type.String(),
  /** the newest termination of this container */
  lastState: Nullable(KubernetesTermination),
});
export type KubernetesContainer = Static<typeof KubernetesContainer>;

/** A Kubernetes Event (core/v1). */
export const KubernetesEvent = Type.Object({
  ts: IsoTime,
  namespace: Type.String(),
  involvedKind: Type.String(),
  involvedName: Type.String(),
  workload: Type.String(),
  /** Normal or Warning */
  type: Type.String(),
  reason: Type.String(),
  message: Type.String(),
  count: Type.Integer(),
  source: Type.String(),
});
export type KubernetesEvent = Static<typeof KubernetesEvent>;

export const PodUidParams = Type.Object({ uid: FilterString });
export type PodUidParams = Static<typeof PodUidParams>;

/** GET /pods/:uid/kubernetes: the pod as kubectl describe shows it. */
export const PodKubernetesResponse = Type.Object({
  pod: KubernetesPodStatus,
  containers: Type.Array(KubernetesContainer),
  /** every termination recorded, newest first */
  terminations: Type.Array(KubernetesTermination),
  /** the pod's events, oldest first */
  events: Type.Array(KubernetesEvent),
});
export type PodKubernetesResponse = Static<typeof PodKubernetesResponse>;

export const WorkloadHpaQuery = Type.Object({
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
});
export type WorkloadHpaQuery = Static<typeof WorkloadHpaQuery>;

export const HpaMetric = Type.Object({
  name: Type.String(),
  /** Utilization (percent), AverageValue or Value */
  type: Type.String(),
  target: Type.Number(),
  current: Nullable(Type.Number()),
});
export type HpaMetric = Static<typeof HpaMetric>;

export const HpaPoint = Type.Object({
  ts: IsoTime,
  minReplicas: Type.Integer(),
  maxReplicas: Type.Integer(),
  currentReplicas: Type.Integer(),
  desiredReplicas: Type.Integer(),
  metrics: Type.Array(HpaMetric),
  lastScaleTime: Nullable(IsoTime),
});
export type HpaPoint = Static<typeof HpaPoint>;

export const ReplicaChange = Type.Object({
  ts: IsoTime,
  kind: Type.String(),
  replicas: Type.Integer(),
  fromReplicas: Type.Integer(),
  readyReplicas: Type.Integer(),
  updatedReplicas: Type.Integer(),
  availableReplicas: Type.Integer(),
  /** "HPA web: scaled up to 7: cpu 93% above target 60%", "observed", "status", ... */
  cause: Type.String(),
});
export type ReplicaChange = Static<typeof ReplicaChange>;

/** GET /workloads/:namespace/:workload/hpa: HPA spec/status history and replica changes in the window. */
export const WorkloadHpaResponse = Type.Object({
  namespace: Type.String(),
  workload: Type.String(),
  from: IsoTime,
  to: IsoTime,
  /** HPAs that target the workload, each with its points (the last one before the window first) */
  hpas: Type.Array(Type.Object({ name: Type.String(), targetKind: Type.String(), points: Type.Array(HpaPoint) })),
  replicas: Type.Array(ReplicaChange),
  /** the workload's container and pod ends in the window, oldest first: restart markers with reasons */
  terminations: Type.Array(Type.Intersect([Type.Object({ podName: Type.String() }), KubernetesTermination])),
});
export type WorkloadHpaResponse = Static<typeof WorkloadHpaResponse>;

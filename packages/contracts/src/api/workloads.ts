import { type Static, Type } from '@sinclair/typebox';
import { FilterString, IsoTime, Nullable, PodState, TimeParam } from './common.js';
import { PodTransition } from './pods.js';

export const WorkloadParams = Type.Object({ namespace: FilterString, workload: FilterString });
export type WorkloadParams = Static<typeof WorkloadParams>;

export const WorkloadHistoryQuery = Type.Object({
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
  /** seconds between replica samples; default: window / 300 rounded to a nice step */
  step: Type.Optional(Type.Integer({ minimum: 1, maximum: 86400 })),
});
export type WorkloadHistoryQuery = Static<typeof WorkloadHistoryQuery>;

export const PodLife = Type.Object({
  ts: IsoTime,
  podName: Type.String(),
  instanceId: Type.String(),
  state: PodState,
  reason: Type.String(),
});

export const WorkloadHistoryResponse = Type.Object({
  namespace: Type.String(),
  workload: Type.String(),
  from: IsoTime,
  to: IsoTime,
  stepMs: Type.Integer(),
  /** running instances sampled at each step (ts = sample time) */
  replicas: Type.Array(Type.Object({ ts: IsoTime, running: Type.Integer() })),
  /** instance starts in the window (podName/instanceId; reason '') */
  starts: Type.Array(PodLife),
  /** instance ends in the window with how they ended */
  ends: Type.Array(PodLife),
  /** restarts (a new instance under the same pod) in the window */
  restarts: Type.Array(
    Type.Object({ ts: IsoTime, podName: Type.String(), instanceId: Type.String(), reason: Type.String() }),
  ),
  restartCount: Type.Integer(),
  /** restarts per pod in the window */
  restartsByPod: Type.Array(Type.Object({ podName: Type.String(), restarts: Type.Integer() })),
  transitions: Type.Array(PodTransition),
  peakReplicas: Type.Integer(),
  lastEndedAt: Nullable(IsoTime),
});
export type WorkloadHistoryResponse = Static<typeof WorkloadHistoryResponse>;

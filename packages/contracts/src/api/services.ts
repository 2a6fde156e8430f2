import { type Static, Type } from '@sinclair/typebox';

export const Service = Type.Object({
  serviceName: Type.String(),
  namespace: Type.String(),
  workloads: Type.Array(Type.String()),
  podCount: Type.Integer(),
  runningPods: Type.Integer(),
  apdexThresholdMs: Type.Number(),
});
export type Service = Static<typeof Service>;

export const ServicesResponse = Type.Object({ services: Type.Array(Service) });
export type ServicesResponse = Static<typeof ServicesResponse>;

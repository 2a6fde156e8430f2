import { type Static, Type } from '@sinclair/typebox';
import { LIST_PAGE_MAX } from '../rules/paging.js';
import { FilterString, TimeParam } from './common.js';
import { KubernetesEvent } from './kubernetes.js';
import { PodTransition } from './pods.js';

export const EventsQuery = Type.Object({
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
  namespace: Type.Optional(FilterString),
  workload: Type.Optional(FilterString),
  service: Type.Optional(FilterString),
  pod: Type.Optional(FilterString),
  transition: Type.Optional(FilterString),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIST_PAGE_MAX })),
});
export type EventsQuery = Static<typeof EventsQuery>;

/** newest first */
export const EventsResponse = Type.Object({
  events: Type.Array(PodTransition),
  /**
   * Kubernetes Events in the same window and scope (namespace, workload, pod), newest first: the
   * dashboard interleaves them with the agent's transitions by time
   */
  kubernetes: Type.Optional(Type.Array(KubernetesEvent)),
});
export type EventsResponse = Static<typeof EventsResponse>;

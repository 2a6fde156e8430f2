import type { PodState, PodTransition, PodTransitionName } from '@podtrail/contracts/api';
import { INSTANCE_STATES, POD_TRANSITIONS } from '@podtrail/contracts/wire';

/**
 * A pod transition leaves the collector in one shape, the API's `PodTransition` (ISO-8601 time,
 * transition and state names from the contract's lists), whether the REST routes read it back
 * from `pod_transitions` or the tracker publishes it on the live topic: `toPodTransition` is the
 * one mapping from the stored row.
 */

/** A `pod_transitions` row as the tracker writes it: the table's columns, `Timestamp` in epoch ms. */
export interface PodTransitionRow {
  Timestamp: number;
  Namespace: string;
  Workload: string;
  ServiceName: string;
  PodName: string;
  InstanceId: string;
  Transition: string;
  FromState: string;
  ToState: string;
  Reason: string;
  Message: string;
}

/**
 * The same row read back with `{part:transition_columns}` (store/sql/parts). Its time is named
 * `TimestampMs`: in ClickHouse an alias named like its column replaces the column in WHERE and ORDER BY.
 */
export type StoredPodTransitionRow = Omit<PodTransitionRow, 'Timestamp'> & { TimestampMs: number | string };

function oneOf<T extends string>(list: readonly T[], value: string, column: string): T {
  if ((list as readonly string[]).includes(value)) return value as T;
  throw new Error(`pod_transitions.${column} holds ${JSON.stringify(value)}, not one of ${list.join(', ')}`);
}

const FROM_STATES: readonly (PodState | '')[] = ['', ...INSTANCE_STATES];

/** The API shape of a stored transition (a value outside the contract's lists is an error). */
export function toPodTransition(r: PodTransitionRow | StoredPodTransitionRow): PodTransition {
  const ms = 'TimestampMs' in r ? Number(r.TimestampMs) : r.Timestamp;
  return {
    ts: new Date(ms).toISOString(),
    namespace: r.Namespace,
    workload: r.Workload,
    serviceName: r.ServiceName,
    podName: r.PodName,
    instanceId: r.InstanceId,
    transition: oneOf<PodTransitionName>(POD_TRANSITIONS, r.Transition, 'Transition'),
    fromState: oneOf(FROM_STATES, r.FromState, 'FromState'),
    toState: oneOf<PodState>(INSTANCE_STATES, r.ToState, 'ToState'),
    reason: r.Reason,
    message: r.Message,
  };
}

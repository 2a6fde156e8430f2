import type { PodTransition } from '@podtrail/contracts/api';
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
export type StoredPodTransitionRow = Omit<PodTransitionRow, 'Timestamp'> & {
    TimestampMs: number | string;
};
/** The API shape of a stored transition (a value outside the contract's lists is an error). */
export declare function toPodTransition(r: PodTransitionRow | StoredPodTransitionRow): PodTransition;
//# sourceMappingURL=pod-transition.d.ts.map
import type { PodTransitionRow } from './pod-transition.js';
import type { TrackedInstance } from './tracked.js';
/** A `pod_transitions` row, as the tracker inserts it (JSONEachRow); `toPodTransition` maps it for REST and live. */
export type TransitionRow = PodTransitionRow;
/** What a transition says, beyond the instance it happened to. */
export interface TransitionFacts {
    tsMs: number;
    /** started | ready | restarted | stopped | crashed | killed */
    transition: string;
    fromState: string;
    toState: string;
    reason: string;
    message: string;
}
/** The `pod_transitions` row of a transition of `inst`. */
export declare function transitionRow(inst: TrackedInstance, t: TransitionFacts): TransitionRow;
//# sourceMappingURL=transition-record.d.ts.map
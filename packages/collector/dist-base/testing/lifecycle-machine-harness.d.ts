import { LifecycleMachine, type LifecycleMachineOptions } from '../lifecycle/lifecycle-machine.js';
import type { PodScope } from '../lifecycle/partition-ownership.js';
import type { TransitionRow } from '../lifecycle/transition-record.js';
/**
 * The lifecycle state machine's unit tests: one pod, three processes of it (A, B, C), events with
 * heartbeat interval HB, a scope the test flips, and what a successful write would store.
 */
export declare const T0 = 1800000000000;
export declare const HB = 1000;
export declare const A = "aaaaaaaa-0000-4000-8000-000000000001";
export declare const B = "bbbbbbbb-0000-4000-8000-000000000002";
export declare const C = "cccccccc-0000-4000-8000-000000000003";
export declare const POD = "web-7d9f8b6c5d-x2x4z";
export declare const a: import("../ingest/identity.js").PodIdentity;
export declare const b: import("../ingest/identity.js").PodIdentity;
export declare const c: import("../ingest/identity.js").PodIdentity;
/** Owns everything and is caught up until the test says otherwise. */
export declare class TestScope implements PodScope {
    owned: boolean;
    caughtUp: boolean;
    owns(): boolean;
    isCaughtUp(): boolean;
}
export type TestMachineOptions = Partial<Omit<LifecycleMachineOptions, 'now' | 'vanishHeartbeats'>>;
/** A machine with vanishHeartbeats 3, a default interval of 5 s and the test's clock. */
export declare function testMachine(now: () => number, scope: PodScope, o?: TestMachineOptions): LifecycleMachine;
export declare const started: (id?: import("../ingest/identity.js").PodIdentity, ts?: number, hb?: number) => import("../ingest/logs.js").LifecycleEvent;
export declare const heartbeat: (id?: import("../ingest/identity.js").PodIdentity, ts?: number, hb?: number) => import("../ingest/logs.js").LifecycleEvent;
export declare const stopped: (id?: import("../ingest/identity.js").PodIdentity, ts?: number, signal?: string) => import("../ingest/logs.js").LifecycleEvent;
export declare const crashed: (id?: import("../ingest/identity.js").PodIdentity, ts?: number, attributes?: Record<string, string>, body?: string) => import("../ingest/logs.js").LifecycleEvent;
/** What a successful write would store now: transitions and dirty rows, confirmed written. */
export declare function written(m: LifecycleMachine): {
    transitions: import("../lifecycle/pod-transition.js").PodTransitionRow[];
    instances: {
        id: string;
        state: "stopped" | "crashed" | "running" | "killed" | "restarted";
    }[];
    pods: {
        pod: string;
        state: "stopped" | "crashed" | "running" | "killed" | "restarted";
    }[];
};
/** Transitions as `transition:from->to`. */
export declare const kinds: (rows: TransitionRow[]) => string[];
//# sourceMappingURL=lifecycle-machine-harness.d.ts.map
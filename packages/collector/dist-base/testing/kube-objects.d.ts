import { KubeClient } from '../kubernetes/kube-client.js';
/**
 * Writes to a real API server the way controllers and kubelet would (tests): namespaces, owners,
 * pods and their `/status`, HPAs and their status, Events. Built on the watcher's own client.
 */
export declare class KubeObjects {
    readonly client: KubeClient;
    constructor(adminKubeconfig: string);
    namespace(name: string): Promise<void>;
    /**
     * Gives a user what REQUIRED_ACCESS says beyond get/list/watch (the test server's reader has
     * those): the Lease verbs in the lease namespace.
     */
    grantLease(user: string, namespace: string): Promise<void>;
    create<T = KubeObj>(ns: string, api: string, resource: string, body: object): Promise<T>;
    patch<T = KubeObj>(ns: string, api: string, resource: string, name: string, body: object, sub?: string): Promise<T>;
    deployment(ns: string, name: string, replicas: number): Promise<KubeObj>;
    replicaSet(ns: string, name: string, owner: KubeObj, replicas: number, revision: number): Promise<KubeObj>;
    /** A pod; `owner` a ReplicaSet; `node` bound to a node (else it stays unscheduled). */
    pod(ns: string, name: string, opts?: {
        owner?: KubeObj;
        node?: string;
        containers?: string[];
    }): Promise<KubeObj>;
    /** Writes pod status as kubelet would. */
    podStatus(ns: string, name: string, status: object): Promise<KubeObj>;
    deletePod(ns: string, name: string): Promise<unknown>;
    /** An Event about an object, as kubelet or a controller records it. */
    event(ns: string, involved: KubeObj & {
        kind: string;
    }, e: {
        reason: string;
        message: string;
        type?: string;
        count?: number;
        at: Date;
        component?: string;
        name?: string;
    }): Promise<KubeObj>;
}
export interface KubeObj {
    metadata: {
        name: string;
        namespace: string;
        uid: string;
        resourceVersion: string;
    };
}
/** A container status for `podStatus` (kubelet's shape). */
export declare function containerStatus(name: string, restartCount: number, state: object, lastState?: object, ready?: boolean): object;
export declare const iso: (ms: number) => string;
//# sourceMappingURL=kube-objects.d.ts.map
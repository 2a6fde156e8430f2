import { KubeConfig } from '@kubernetes/client-node';
/** An error answered by the API server (status code and its Status reason). */
export declare class KubeApiError extends Error {
    readonly status: number;
    readonly reason: string;
    constructor(status: number, reason: string, message: string);
}
/** Whether this process runs in a pod with a service account (the in-cluster configuration). */
export declare function inCluster(env?: NodeJS.ProcessEnv): boolean;
/** The in-cluster configuration, or the kubeconfig file given. */
export declare function loadKubeConfig(kubeconfigPath: string | null): KubeConfig;
/** The namespace of the collector's pod (service-account file), for the Lease; null outside a pod. */
export declare function podNamespace(): string | null;
/**
 * A small HTTP client of the API server: JSON requests and watch streams, TLS and credentials from
 * the KubeConfig (re-applied per request, so a rotated service-account token is picked up).
 */
export declare class KubeClient {
    private readonly kc;
    readonly server: string;
    constructor(kc: KubeConfig);
    private options;
    private open;
    /** A JSON request; a status >= 400 is thrown as KubeApiError. */
    request<T>(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<T>;
    /** A JSON merge patch (RFC 7386). */
    patch<T>(path: string, body: unknown): Promise<T>;
    private send;
    /**
     * A watch stream: calls `onLine` with each JSON line (one watch event) until the server ends the
     * stream, the signal aborts or the connection fails (rejected). Resolves when the stream ends.
     */
    stream(path: string, onLine: (line: string) => void, signal: AbortSignal, idleMs?: number): Promise<void>;
}
//# sourceMappingURL=kube-client.d.ts.map
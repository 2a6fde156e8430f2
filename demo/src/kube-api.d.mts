// Types of kube-api.mjs for the TypeScript end-to-end tests.
export interface KubeConnection {
  url: string;
  ca: string;
  adminToken: string;
}
export declare class KubeApiError extends Error {
  readonly status: number;
  readonly reason: string;
}
export declare class KubeApi {
  constructor(connection: KubeConnection);
  readonly url: string;
  static fromFile(file: string): KubeApi;
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON of any Kubernetes object
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<any>;
  close(): void;
}
export declare function kubeTime(ms: number): string;

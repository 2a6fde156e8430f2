// Types of apiserver.mjs for the TypeScript tests.
/** What `apiserver.sh start` prints: how to reach the instance and as whom. */
export interface ApiServerConnection {
  /** https://127.0.0.1:PORT */
  url: string;
  /** PEM file of the CA that signed the serving certificate */
  ca: string;
  /** bearer token of a system:masters user */
  adminToken: string;
  /** bearer token of a user that may get, list and watch everything and nothing more */
  readerToken: string;
  /** kubeconfig for the admin */
  kubeconfigPath: string;
  /** kubeconfig for the reader */
  readerKubeconfigPath: string;
  etcdUrl: string;
  runDir: string;
  /** e.g. v1.37.2 */
  version: string;
}
export declare const APISERVER_SCRIPT: string;
export declare function apiServerBuilt(env?: NodeJS.ProcessEnv): boolean;
export declare function runApiServerScript(
  command: string,
  env: NodeJS.ProcessEnv,
  onStderr?: (line: string) => void,
): Promise<string>;
export declare function parseConnection(stdout: string): ApiServerConnection;

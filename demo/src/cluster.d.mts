// Types of cluster.mjs for the TypeScript end-to-end tests that run the demo's cluster.
import type { ChildProcess } from 'node:child_process';
import type { DemoConfig } from './config.mjs';

export type Role = 'portal' | 'groupware' | 'db';

export interface Workload {
  name: string;
  role: Role;
  kind: 'Deployment' | 'StatefulSet';
  version: string;
  container: string;
  serviceVersion: string;
  replicas: number;
  pods: Set<Pod>;
}

export interface Pod {
  workload: Workload;
  name: string;
  uid: string;
  nodeName: string;
  hostIp: string;
  podIp: string;
  createdAt: number;
  state: 'starting' | 'ready' | 'backoff' | 'terminating';
  child: ChildProcess | undefined;
  port: number | undefined;
  restarts: number;
  restartTimes: number[];
  deleting: string | false;
  expect: string | undefined;
  crashLoop: number;
  containerStartedAt: number;
}

export interface ContainerEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  expect: string | undefined;
  startedAt: number;
  finishedAt: number;
  backoffMs: number | undefined;
  deleting: string | false;
  shuttingDown: boolean;
}

export interface ClusterObserver {
  workloadAdded?: (workload: Workload) => void;
  admit?: (pod: Pod) => Promise<string>;
  containerStarted?: (pod: Pod) => void;
  containerReady?: (pod: Pod) => void;
  containerEnded?: (pod: Pod, end: ContainerEnd) => void;
  podDeleting?: (pod: Pod, reason: string) => void;
  podRemoved?: (pod: Pod) => void;
}

export declare class Cluster {
  constructor(opts: {
    config: DemoConfig;
    serviceScript: string;
    agentImport: string | undefined;
    log: (msg: string) => void;
  });
  observer: ClusterObserver;
  workloads: Map<string, Workload>;
  addWorkload(w: Omit<Workload, 'pods'>): Workload;
  scale(workload: Workload, replicas: number): void;
  active(workload: Workload): Pod[];
  ready(workload: Workload): Pod[];
  pods(): Pod[];
  deletePod(pod: Pod, reason: string): void;
  killPod(pod: Pod, opts: { restart: boolean; reason: string }): boolean;
  crashPod(pod: Pod, loops?: number): boolean;
  shutdown(opts?: { force?: boolean }): Promise<void>;
}
export declare function shortName(name: string): string;

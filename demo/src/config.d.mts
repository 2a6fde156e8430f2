// Types of config.mjs for the TypeScript end-to-end tests.
export interface DemoConfig {
  groupwarePods: { min: number; max: number };
  portalPods: number;
  rps: number;
  cycleS: number;
  chaos: boolean;
  chaosIntervalS: number;
  durationS: number;
  namespace: string;
  nodes: number;
  agent: boolean;
  graceMs: number;
  statsS: number;
  verbose: boolean;
  database: 'postgres' | 'simulated';
  kubernetes: boolean;
  kubeApi: string | undefined;
}
export declare function loadConfig(env?: NodeJS.ProcessEnv): DemoConfig;

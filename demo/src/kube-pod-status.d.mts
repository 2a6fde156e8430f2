// Types of kube-pod-status.mjs for the TypeScript tests.
import type { ContainerEnd } from './cluster.mjs';

export declare const DEMO_IMAGE: string;
export declare const CPU_REQUEST_MILLI: number;
export declare function evictionMessage(container: string): string;
export declare function terminationOf(end: ContainerEnd): { exitCode: number; reason: string };

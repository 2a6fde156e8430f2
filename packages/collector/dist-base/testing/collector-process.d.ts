import { type ChildProcess } from 'node:child_process';
import type { ClickHouseTarget } from './clickhouse-target.js';
export declare const SERVER_JS: string;
/** Compiles the collector (no-op when up to date) so dist/server.js matches the sources. */
export declare function ensureBuilt(): void;
export interface CollectorEnvSpec {
    brokers: string;
    /** the store (and data dir) of this collector: PODTRAIL_DATA_DIR, PODTRAIL_DATABASE, CLICKHOUSE_* */
    store: ClickHouseTarget;
    group: string;
    topics: {
        spans: string;
        metrics: string;
        lifecycle: string;
        deadLetter: string;
    };
    liveTopic: string;
    extra?: Record<string, string>;
}
export declare function collectorEnv(s: CollectorEnvSpec): Record<string, string>;
export interface CollectorProcess {
    proc: ChildProcess;
    output: string[];
    exited: Promise<number | null>;
    /** resolves when the log says the consumer joined the group */
    joined: Promise<void>;
    signal(sig: NodeJS.Signals): void;
}
export declare function startCollector(env: Record<string, string>): CollectorProcess;
/** Sum of committed offsets of a group on a topic (records consumed and stored). */
export declare function committed(brokers: string, group: string, topic: string): Promise<number>;
/** Sum of end offsets of a topic (records produced). */
export declare function endOffsets(brokers: string, topic: string): Promise<number>;
/** Waits until the group is Stable with `members` members. */
export declare function groupStable(brokers: string, group: string, members: number, timeoutMs?: number): Promise<void>;
//# sourceMappingURL=collector-process.d.ts.map
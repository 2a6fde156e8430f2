import type { KafkaClients } from '../kafka/index.js';
import type { LiveHub } from './hub.js';
export interface LiveKafkaSourceOptions {
    /** the collector's Kafka clients: the consumer is made from its client, the topic ensured with its admin */
    kafka: KafkaClients;
    topic: string;
    /** consumer group prefix; a unique suffix per process is added */
    groupPrefix?: string;
    log?: {
        info(o: object, m?: string): void;
        warn(o: object, m?: string): void;
        error(o: object, m?: string): void;
    };
    /** how long start() waits for the group join */
    joinTimeoutMs?: number;
}
/**
 * Reads the live topic into a LiveHub. Every collector process uses its own consumer group
 * (`podtrail-live-<host>-<pid>-<random>`), so each one sees every record. It starts at the end
 * of the topic as it was when start() was called (offsets captured first, then sought after the
 * group join), so nothing produced after start() is missed; the group is deleted on stop().
 */
export declare class LiveKafkaSource {
    private readonly hub;
    private readonly opts;
    readonly groupId: string;
    private consumer;
    messages: number;
    badMessages: number;
    /** consumer crashes and failed starts */
    errors: number;
    /** records behind the end of the live topic, per partition, after the last batch */
    readonly lag: Map<number, number>;
    /** start offsets are applied on the first join only; later joins resume from committed offsets */
    private seeked;
    private stopped;
    private readonly stopCtl;
    /** in its group and consuming (false while starting, rejoining, or after a crash) */
    private consuming;
    private lastError;
    /** called when the consumer died for good (run() restarts it) */
    private onFatal;
    constructor(hub: LiveHub, opts: LiveKafkaSourceOptions);
    /** Readiness of the live feed: consuming the live topic, or why not. */
    get status(): {
        ready: boolean;
        detail: string;
    };
    /**
     * Starts consuming, trying again after RESTART_BACKOFF until it runs or stop(); a consumer that
     * dies later is restarted the same way. Resolves once started (or stopped); never throws.
     */
    run(): Promise<void>;
    start(): Promise<void>;
    private doStart;
    /** Disconnects the consumer; start() may be called again afterwards. */
    disconnect(): Promise<void>;
    /** Stops consuming and deletes this process's group (the admin stays with the Kafka clients). */
    stop(): Promise<void>;
}
//# sourceMappingURL=kafka-source.d.ts.map
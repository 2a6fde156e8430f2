import { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { CollectorMetrics } from './collector-metrics.js';
import type { CollectorConfig } from './config.js';
import { type KubernetesWatchConfig } from './kubernetes/index.js';
declare module 'fastify' {
    interface FastifyInstance {
        config: CollectorConfig;
        ingestMetrics: CollectorMetrics;
    }
}
export interface BuildOptions {
    /** fastify logger option (default: pino at config.logLevel) */
    logger?: FastifyServerOptions['logger'];
    /** false: no Kafka consumer even with ingest on (OTLP receiver only); tests */
    kafka?: boolean;
    /** false: no live WebSocket plugin (tests that do not need it) */
    live?: boolean;
    /**
     * How long build() waits for the live consumer to join before returning (default 0: it keeps
     * starting in the background, Kafka being down never delays the API; `/readyz` says when the
     * live feed runs).
     */
    liveStartWaitMs?: number;
    /**
     * the cluster watcher: false = off, a config = on with it; default from the environment
     * (PODTRAIL_K8S_WATCH, kubernetes/watch-config.ts)
     */
    kubernetes?: KubernetesWatchConfig | false;
    /** how long the watcher waits for the cause of a deletion or replica change (default 2 s) */
    kubernetesSettleMs?: number;
}
/**
 * Builds the collector app (does not listen). Plugins, in order: ClickHouse (+ migrations and
 * retention), auth, the Kafka clients (one client, producer and admin; when ingest or the live hub
 * uses Kafka), ingest (Kafka consumer + pipeline + lifecycle tracker; unless PODTRAIL_INGEST=off),
 * the OTLP/HTTP receiver, health + Prometheus metrics, the query API, the live WebSocket and the
 * static UI (when packages/ui/dist exists).
 */
export declare function build(config: CollectorConfig, opts?: BuildOptions): Promise<FastifyInstance>;
//# sourceMappingURL=app.d.ts.map
import type { FastifyPluginAsync } from 'fastify';
import type { ApiConfig } from '../api-config.js';
import type { KafkaClients } from '../kafka/index.js';
import { LiveHub } from './hub.js';
import { LiveKafkaSource } from './kafka-source.js';
export { parseClientMessage } from './client-message.js';
export { LiveHub, type LiveSubscription, matches, Subscriber } from './hub.js';
export { LiveKafkaSource } from './kafka-source.js';
export { normalizeRow, normalizeTransition } from './live-record.js';
/**
 * WebSocket `/api/v1/live` and the live hub (register WITHOUT a prefix, after the auth plugin).
 *
 * Options: `kafka` (the collector's Kafka clients) makes the hub consume their live topic;
 * without it the hub only gets what is `publish()`ed to `app.liveHub` (tests, single process).
 * The token is checked on the upgrade request (`?token=` or Authorization header, role read); a
 * refused upgrade gets HTTP 401/403 and no socket.
 */
export interface LivePluginOptions {
    config: ApiConfig;
    /** the Kafka clients whose live topic the hub consumes; false or absent: no Kafka */
    kafka?: KafkaClients | false;
    /** how long registration waits for the live consumer to join (it keeps retrying after) */
    kafkaStartWaitMs?: number;
    /** use an existing hub (tests) */
    hub?: LiveHub;
    /** ping interval (ms), default 15 s */
    pingIntervalMs?: number;
    /** max simultaneous sockets per process, default 2000 */
    maxClients?: number;
}
declare module 'fastify' {
    interface FastifyInstance {
        liveHub: LiveHub;
        /** the live topic consumer (null when the hub does not consume Kafka); /readyz reports it */
        liveSource: LiveKafkaSource | null;
    }
}
declare const _default: FastifyPluginAsync<LivePluginOptions>;
export default _default;
//# sourceMappingURL=index.d.ts.map
import websocket from '@fastify/websocket';
import { LIVE_PATH, type LiveServerMessage } from '@podtrail/contracts/api';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { WebSocket } from 'ws';
import type { ApiConfig } from '../api-config.js';
import { API_ERRORS } from '../errors.js';
import type { KafkaClients } from '../kafka/index.js';
import { errorHandler } from '../routes/index.js';
import { parseClientMessage } from './client-message.js';
import { LiveHub } from './hub.js';
import { LiveKafkaSource } from './kafka-source.js';
import type { Subscriber } from './subscriber.js';

export { parseClientMessage } from './client-message.js';
export { LiveHub, type LiveSubscription } from './hub.js';
export { LiveKafkaSource } from './kafka-source.js';
export { normalizeRow, normalizeTransition } from './live-record.js';
export { matches, Subscriber } from './subscriber.js';

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

const SEND_HIGH_WATER = 1 << 20;
const MAX_CLIENT_MESSAGE = 16 * 1024;

const livePlugin: FastifyPluginAsync<LivePluginOptions> = async (app, opts) => {
  const cfg = opts.config;
  const hub =
    opts.hub ??
    new LiveHub({
      graceMs: cfg.liveGraceMs,
      partialMs: cfg.livePartialMs,
      bufferSize: cfg.liveBufferSize,
      replaySeconds: cfg.liveReplaySeconds,
      maxHistoryRows: cfg.liveReplayMaxRows,
      apdex: cfg,
    });
  app.decorate('liveHub', hub);
  hub.start();

  let source: LiveKafkaSource | undefined;
  if (opts.kafka) {
    source = new LiveKafkaSource(hub, { kafka: opts.kafka, topic: opts.kafka.config.liveTopic, log: app.log });
    // Kafka down at boot or a dead consumer must not take the API down: it retries in the background.
    const waitMs = opts.kafkaStartWaitMs ?? 30_000;
    await Promise.race([source.run(), new Promise((r) => setTimeout(r, waitMs).unref())]);
  }
  app.decorate('liveSource', source ?? null);
  const sockets = new Set<WebSocket>();
  app.addHook('onClose', async () => {
    for (const s of sockets) s.close(1001, 'server shutting down');
    hub.stop();
    await source?.stop();
  });

  if (!app.hasDecorator('websocketServer')) {
    await app.register(websocket, { options: { maxPayload: MAX_CLIENT_MESSAGE } });
  }

  const pingMs = opts.pingIntervalMs ?? 15_000;
  const maxClients = opts.maxClients ?? 2000;

  await app.register(async (scope) => {
    scope.setErrorHandler(errorHandler);
    scope.get(
      LIVE_PATH,
      {
        websocket: true,
        config: { auth: 'read' },
        onRequest: app.requireRole('read'),
        schema: { summary: 'Live stream (WebSocket): per-second per-pod ticks and pod transitions', tags: ['live'] },
      },
      (socket, req) => {
        if (sockets.size >= maxClients) {
          socket.close(1013, 'too many live clients');
          return;
        }
        sockets.add(socket);
        let sub: Subscriber | undefined;
        let alive = true;
        let bad = 0;
        const send = (msg: LiveServerMessage) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg));
        };
        const sink = {
          canSend: () => socket.readyState === socket.OPEN && socket.bufferedAmount < SEND_HIGH_WATER,
          send,
        };
        const ping = setInterval(() => {
          if (!alive) {
            socket.terminate();
            return;
          }
          alive = false;
          try {
            socket.ping();
          } catch {
            /* closed */
          }
        }, pingMs);
        ping.unref();
        socket.on('pong', () => {
          alive = true;
        });
        socket.on('message', (data, isBinary) => {
          alive = true;
          const text = isBinary ? '' : data.toString();
          const m = parseClientMessage(text);
          if ('error' in m) {
            send({
              type: 'error',
              code: API_ERRORS.LIVE_BAD_MESSAGE.code,
              message: m.error,
              ...(m.field ? { field: m.field } : {}),
            });
            if (++bad >= 10) socket.close(1008, 'too many bad messages');
            return;
          }
          if (m.type === 'ping') {
            send({ type: 'pong', serverTime: Date.now() });
            return;
          }
          if (sub) hub.unsubscribe(sub);
          sub = hub.subscribe(sink, m.subscription);
        });
        const cleanup = () => {
          clearInterval(ping);
          sockets.delete(socket);
          if (sub) hub.unsubscribe(sub);
          sub = undefined;
        };
        socket.on('close', cleanup);
        socket.on('error', (err) => {
          req.log.debug({ err }, 'live socket error');
          cleanup();
        });
      },
    );
  });
};

// Not encapsulated: `liveHub` and `liveSource` are read by the metrics registration and /readyz.
export default fp(livePlugin, { name: 'podtrail-live', fastify: '5.x', dependencies: ['podtrail-auth'] });

import websocket from '@fastify/websocket';
import { LIVE_PATH, type LiveFilter, type LiveServerMessage } from '@podtrail/contracts/api';
import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';
import type { ApiConfig } from '../api-config.js';
import type { KafkaClients } from '../plugins/kafka.js';
import { errorHandler } from '../routes/index.js';
import { LiveHub, type Subscriber } from './hub.js';
import { LiveKafkaSource } from './kafka-source.js';

export { LiveHub, matches, normalizeRow, Subscriber } from './hub.js';
export { LiveKafkaSource } from './kafka-source.js';

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

function cleanString(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length === 0 || v.length > 256) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(v)) return undefined;
  return v;
}

/** Parses a client message; returns an error text for anything malformed. */
export function parseClientMessage(
  raw: string,
):
  | { type: 'subscribe'; filter?: LiveFilter; since?: number; hubId?: string; sinceTs?: number }
  | { type: 'ping' }
  | { error: string } {
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    return { error: 'not JSON' };
  }
  if (typeof m !== 'object' || m === null) return { error: 'not an object' };
  const o = m as Record<string, unknown>;
  if (o.type === 'ping') return { type: 'ping' };
  if (o.type !== 'subscribe') return { error: 'type must be subscribe or ping' };
  const out: { type: 'subscribe'; filter?: LiveFilter; since?: number; hubId?: string; sinceTs?: number } = {
    type: 'subscribe',
  };
  if (o.filter !== undefined && o.filter !== null) {
    if (typeof o.filter !== 'object') return { error: 'filter must be an object' };
    const f = o.filter as Record<string, unknown>;
    const filter: LiveFilter = {};
    for (const k of ['service', 'namespace', 'workload', 'pod'] as const) {
      if (f[k] === undefined || f[k] === null) continue;
      const v = cleanString(f[k]);
      if (v === undefined) return { error: `filter.${k} must be a string of 1..256 printable characters` };
      filter[k] = v;
    }
    out.filter = filter;
  }
  for (const k of ['since', 'sinceTs'] as const) {
    if (o[k] === undefined || o[k] === null) continue;
    const n = o[k];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
      return { error: `${k} must be a non-negative integer` };
    out[k] = n;
  }
  if (o.hubId !== undefined && o.hubId !== null) {
    if (typeof o.hubId !== 'string' || !/^[0-9a-f]{1,32}$/.test(o.hubId)) return { error: 'hubId must be hex' };
    out.hubId = o.hubId;
  }
  return out;
}

const livePlugin: FastifyPluginAsync<LivePluginOptions> = async (app, opts) => {
  const cfg = opts.config;
  const hub =
    opts.hub ??
    new LiveHub({ graceMs: cfg.liveGraceMs, bufferSize: cfg.liveBufferSize, replaySeconds: cfg.liveReplaySeconds });
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
            send({ type: 'error', code: 'APM_ERR_LIVE_BAD_MESSAGE', message: m.error });
            if (++bad >= 10) socket.close(1008, 'too many bad messages');
            return;
          }
          if (m.type === 'ping') {
            send({ type: 'pong', serverTime: Date.now() });
            return;
          }
          if (sub) hub.unsubscribe(sub);
          const subOpts: { filter?: LiveFilter; since?: number; hubId?: string; sinceTs?: number } = {};
          if (m.filter) subOpts.filter = m.filter;
          if (m.since !== undefined) subOpts.since = m.since;
          if (m.hubId !== undefined) subOpts.hubId = m.hubId;
          if (m.sinceTs !== undefined) subOpts.sinceTs = m.sinceTs;
          sub = hub.subscribe(sink, subOpts);
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

Object.assign(livePlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'podtrail-live',
});

export default livePlugin;

import type { LiveServerMessage } from '@podtrail/contracts/api';
import { bucketOfNs } from '@podtrail/contracts/rules';
import type { LivePodSecond } from '@podtrail/contracts/wire';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { waitForValue } from './wait-for.js';

export type LiveMessage<T extends LiveServerMessage['type']> = Extract<LiveServerMessage, { type: T }>;

/**
 * A client of a listening app's live stream (`/api/v1/live`) for the integration tests: it
 * subscribes when the socket opens (with `subscribe`'s fields: filter, since) and keeps every
 * message it receives, in order.
 */
export class LiveTestClient {
  readonly msgs: LiveServerMessage[] = [];
  readonly ws: WebSocket;

  constructor(app: FastifyInstance, token: string, subscribe: Record<string, unknown> = {}) {
    const port = (app.server.address() as { port: number }).port;
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live?token=${token}`);
    this.ws.on('open', () => this.ws.send(JSON.stringify({ type: 'subscribe', ...subscribe })));
    this.ws.on('message', (d) => this.msgs.push(JSON.parse(d.toString()) as LiveServerMessage));
  }

  ticks(): LiveMessage<'tick'>[] {
    return this.msgs.filter((m): m is LiveMessage<'tick'> => m.type === 'tick');
  }

  /** The session's hello, once it has come. */
  hello(): Promise<LiveMessage<'hello'>> {
    return waitForValue(
      () => this.msgs.find((m): m is LiveMessage<'hello'> => m.type === 'hello'),
      (m) => m !== undefined,
      { what: 'the live stream to say hello', timeoutMs: 30_000 },
    ) as Promise<LiveMessage<'hello'>>;
  }

  close(): Promise<void> {
    return new Promise((res) => {
      if (this.ws.readyState === WebSocket.CLOSED) return res();
      this.ws.once('close', () => res());
      this.ws.close();
    });
  }
}

/** One pod's second on the live topic (service svc, namespace ns, workload wl): `count` transactions of 1 ms. */
export function podSecond(ts: number, pod: string, count: number): LivePodSecond {
  return {
    ts,
    serviceName: 'svc',
    namespace: 'ns',
    workload: 'wl',
    podName: pod,
    instanceId: `${pod}-1`,
    count,
    errors: 0,
    durationSumMs: count,
    durationMaxMs: 1,
    latency: [[bucketOfNs(1e6), count, 0]],
  };
}

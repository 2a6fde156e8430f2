import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { encodeOtlp, LIFECYCLE_EVENTS } from '@podtrail/contracts';
import type { FastifyInstance } from 'fastify';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { queryRows, testConfig, testProducer, waitFor } from '../testing/ingest-harness.js';
import { agentHeaders, lifecycleRequest, podSpec } from '../testing/otlp-fixtures.js';
import { waitForValue } from '../testing/wait-for.js';

/**
 * Start-up while Kafka is not there yet, then a broker with none of the collector's topics
 * (as on a fresh broker): the collector stays up, answers /healthz, reports not ready in
 * /readyz with the reason, keeps retrying with backoff, then creates every topic it needs with
 * PODTRAIL_TOPIC_PARTITIONS partitions, waits for their leaders, and consumes.
 *
 * The collector reaches the broker through a local TCP gate that refuses connections until it
 * is opened (the bootstrap address; the broker then advertises its own address).
 */
const brokers = inject('kafkaBrokers');
const [brokerHost, brokerPort] = (brokers.split(',')[0] as string).split(':') as [string, string];

class TcpGate {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  constructor(readonly port: number) {}

  static async freePort(): Promise<number> {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as { port: number }).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
  }

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = tcpConnect(Number(brokerPort), brokerHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
        s.on('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((r) => this.server?.listen(this.port, '127.0.0.1', () => r()));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
  }
}

const PARTITIONS = 3;
let gate: TcpGate;
let app: FastifyInstance;
let producer: Producer;
let cfg: ReturnType<typeof testConfig>;
const chTarget = clickhouseTarget();

beforeAll(async () => {
  gate = new TcpGate(await TcpGate.freePort());
  cfg = testConfig(`127.0.0.1:${gate.port}`, chTarget, { topicPartitions: PARTITIONS, logLevel: 'silent' });
  producer = await testProducer(brokers);
});
afterAll(async () => {
  await app?.close();
  await gate?.close();
  await producer?.disconnect();
  await chTarget.cleanup();
});

interface Ready {
  status: string;
  checks: Record<string, string>;
}

/** Connection attempts the collector logged as refused at the gate's (closed) port. */
let refusedAttempts = 0;
const errorLog = {
  write(line: string): void {
    const msg = (JSON.parse(line) as { msg?: string }).msg;
    if (msg === `Connection error: connect ECONNREFUSED 127.0.0.1:${gate.port}`) refusedAttempts++;
  },
};

async function readyz(): Promise<{ code: number; body: Ready }> {
  const res = await app.inject({ url: '/readyz' });
  return { code: res.statusCode, body: res.json() as Ready };
}

describe('start-up before Kafka is reachable, topics missing', () => {
  it('stays up and not ready while Kafka is unreachable, then creates its topics and consumes', async () => {
    const t0 = Date.now();
    app = await build(cfg, { logger: { level: 'error', stream: errorLog } });
    // build() does not wait for Kafka
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const down = await readyz();
    expect(down.code).toBe(503);
    expect(down.body.status).toBe('not ready');
    expect(down.body.checks.clickhouse).toBe('ok');
    expect(down.body.checks.kafka).not.toBe('ok');
    expect(down.body.checks.live).not.toBe('ok');

    // the collector keeps retrying (and keeps answering) while the broker stays unreachable:
    // three more refused connection attempts after the first not-ready answer
    const attemptsSoFar = refusedAttempts;
    await waitForValue(
      () => refusedAttempts,
      (n) => n >= attemptsSoFar + 3,
      { what: `three more refused connection attempts at 127.0.0.1:${gate.port} (after ${attemptsSoFar})` },
    );
    expect((await readyz()).code).toBe(503);
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);

    await gate.open();
    const up = await waitFor(readyz, (r) => r.code === 200, 90_000, 250);
    expect(up.body).toEqual({ status: 'ready', checks: { clickhouse: 'ok', kafka: 'ok', live: 'ok' } });

    // every topic it needs exists, with the configured partition count
    const admin = new Kafka({ clientId: 'test-admin', brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const all = [cfg.topics.spans, cfg.topics.metrics, cfg.topics.lifecycle, cfg.topics.deadLetter, cfg.liveTopic];
      const meta = await admin.fetchTopicMetadata({ topics: all });
      expect(Object.fromEntries(meta.topics.map((t) => [t.name, t.partitions.length]))).toEqual(
        Object.fromEntries(all.map((t) => [t, PARTITIONS])),
      );
    } finally {
      await admin.disconnect();
    }

    // and it consumes: a lifecycle record produced now ends up as a pod
    const pod = podSpec('startup', 1);
    await producer.send({
      topic: cfg.topics.lifecycle,
      messages: [
        {
          key: pod.podUid,
          value: Buffer.from(encodeOtlp('logs', lifecycleRequest(pod, LIFECYCLE_EVENTS.started, Date.now()))),
          headers: agentHeaders(pod.instanceId),
        },
      ],
    });
    const rows = await waitFor(
      () =>
        queryRows<{ State: string }>(
          app,
          `SELECT toString(State) AS State FROM ${cfg.database}.pods FINAL WHERE PodName = {p:String}`,
          { p: pod.podName },
        ),
      (r) => r.length === 1,
    );
    expect(rows).toEqual([{ State: 'running' }]);
  });
});

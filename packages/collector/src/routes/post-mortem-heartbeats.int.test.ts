import { encodeOtlp, HEARTBEAT_ATTRS, LIFECYCLE_EVENTS } from '@podtrail/contracts';
import type { PostMortemResponse } from '@podtrail/contracts/api';
import type { FastifyInstance } from 'fastify';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { count, createTopics, queryRows, testConfig, testProducer, waitFor } from '../testing/ingest-harness.js';
import { agentHeaders, lifecycleRequest, type PodSpec, podSpec, traceRequest } from '../testing/otlp-fixtures.js';

/**
 * Heartbeat snapshots through the real path: lifecycle records on the real broker, the collector's
 * exactly-once ingest into embedded ClickHouse, the post-mortem API. An instance beats (each
 * heartbeat with its own memory figures and in-flight list), a span is seen after its last
 * heartbeat, then it falls silent and is declared killed: its post-mortem has one memory point per
 * stored heartbeat, and the exact in-flight list of the last one, N s before it vanished.
 */
const brokers = inject('kafkaBrokers');
const HB = 300;
const MAX_BEATS = 60;
const chTarget = clickhouseTarget('podtrail-pm-heartbeats-');
const cfg = testConfig(brokers, chTarget, { vanishHeartbeats: 3 });
let app: FastifyInstance;
let producer: Producer;
const pod: PodSpec = podSpec('memsvc', 1, { workload: 'memsvc', heartbeatMs: HB });
const T0 = Date.now();
/** event time of heartbeat i */
const beatAt = (i: number) => T0 + i * HB;
/** the span seen after the last heartbeat ends here (whenever the beating stops, it is later) */
const SPAN_END = beatAt(MAX_BEATS) + 1500;
const MiB = 1024 * 1024;

const memoryOf = (i: number) => ({
  rss: 100 * MiB + i * MiB,
  heapUsed: 40 * MiB + i * 512 * 1024,
  heapLimit: 2048 * MiB,
  external: 3 * MiB + i,
  arrayBuffers: MiB + i,
  // the third heartbeat has no event-loop figures (no delay sample yet)
  eventLoopDelayP99Ms: i === 3 ? null : 10 + i / 4,
  eventLoopDelayMaxMs: i === 3 ? null : 20 + i,
});

const inFlightOf = (i: number) =>
  [0, 1, 2].map((k) => ({
    traceId: `${String(i).padStart(2, '0')}${String(k).padStart(2, '0')}`.repeat(8),
    spanId: `${String(i).padStart(2, '0')}${String(k).padStart(2, '0')}`.repeat(4),
    method: k === 2 ? 'POST' : 'GET',
    route: k === 1 ? undefined : `/api/slow/{id}`,
    url: `/api/slow/${i}${k}`,
    startedAtMs: beatAt(i) - 5000 + k * 1000,
  }));

async function beat(i: number): Promise<void> {
  const m = memoryOf(i);
  const attrs: Record<string, string | number> = {
    [HEARTBEAT_ATTRS.rss]: m.rss,
    [HEARTBEAT_ATTRS.heapUsed]: m.heapUsed,
    [HEARTBEAT_ATTRS.heapLimit]: m.heapLimit,
    [HEARTBEAT_ATTRS.external]: m.external,
    [HEARTBEAT_ATTRS.arrayBuffers]: m.arrayBuffers,
    [HEARTBEAT_ATTRS.containerMemoryLimit]: 512 * MiB,
    [HEARTBEAT_ATTRS.inFlight]: JSON.stringify(inFlightOf(i)),
    [HEARTBEAT_ATTRS.inFlightTotal]: 5,
    [HEARTBEAT_ATTRS.inFlightThresholdMs]: 1000,
  };
  if (m.eventLoopDelayP99Ms !== null) attrs[HEARTBEAT_ATTRS.eventLoopDelayP99Ms] = m.eventLoopDelayP99Ms;
  if (m.eventLoopDelayMaxMs !== null) attrs[HEARTBEAT_ATTRS.eventLoopDelayMaxMs] = m.eventLoopDelayMaxMs;
  await sendLifecycle(LIFECYCLE_EVENTS.heartbeat, beatAt(i), attrs);
}

async function sendLifecycle(event: string, tsMs: number, attrs: Record<string, string | number> = {}) {
  await producer.send({
    topic: cfg.topics.lifecycle,
    messages: [
      {
        key: pod.podUid,
        value: Buffer.from(encodeOtlp('logs', lifecycleRequest(pod, event, tsMs, attrs))),
        headers: agentHeaders(pod.instanceId),
      },
    ],
  });
}

beforeAll(async () => {
  await createTopics(brokers, [cfg.topics.lifecycle, cfg.topics.spans, cfg.liveTopic], 2);
  producer = await testProducer(brokers);
  app = await build(cfg, { live: false });
  await app.kafkaIngest?.joined;
});
afterAll(async () => {
  await app?.close();
  await producer?.disconnect();
  await chTarget.cleanup();
});

describe('post-mortem from heartbeat snapshots', () => {
  it('a killed instance: memory series, one point per heartbeat, and the last heartbeat in flight', async () => {
    await sendLifecycle(LIFECYCLE_EVENTS.started, T0);
    // Beat at the announced pace (the instance must not look silent) until the span after the
    // last heartbeat is stored and the instance is known to be running with it.
    let beats = 0;
    let spanSent = false;
    const stored = () => count(app, 'spans', `PodName = '${pod.podName}'`);
    for (;;) {
      beats++;
      if (beats > MAX_BEATS) throw new Error('the span was not stored while the instance was beating');
      await beat(beats);
      if (beats === 3) {
        await producer.send({
          topic: cfg.topics.spans,
          messages: [
            {
              key: pod.podUid,
              value: Buffer.from(
                encodeOtlp('traces', traceRequest(pod, { transactions: 1, startMs: SPAN_END - 20, durationMs: 20 })),
              ),
              headers: agentHeaders(pod.instanceId),
            },
          ],
        });
        spanSent = true;
      }
      if (spanSent && beats >= 6 && (await stored()) === 1) break;
      await new Promise((r) => setTimeout(r, HB / 2));
    }
    const lastBeat = beats;

    // silence: the tracker declares it killed after 3 missed heartbeats
    const db = cfg.database;
    await waitFor(
      () =>
        queryRows<{ State: string }>(
          app,
          `SELECT toString(State) AS State FROM ${db}.instances FINAL WHERE InstanceId = {i:String}`,
          { i: pod.instanceId },
        ),
      (rows) => rows[0]?.State === 'killed',
      90_000,
    );
    const heartbeatsStored = await count(
      app,
      'lifecycle_events',
      `InstanceId = '${pod.instanceId}' AND EventName = '${LIFECYCLE_EVENTS.heartbeat}'`,
    );
    expect(heartbeatsStored).toBe(lastBeat);

    const res = await app.inject({ method: 'GET', url: `/api/v1/pods/shop/${pod.podName}` });
    expect(res.statusCode).toBe(200);
    const pm = res.json() as PostMortemResponse;
    expect(pm.instances).toHaveLength(1);
    const inst = pm.instances[0]!;
    expect(inst.state).toBe('killed');
    expect(inst.lastSeen).toBe(new Date(SPAN_END).toISOString());
    // no stop/crash event: nothing "in flight when it ended"; the last heartbeat says what ran
    expect(inst.inFlight).toEqual([]);
    expect(inst.lastHeartbeat).toEqual({
      at: new Date(beatAt(lastBeat)).toISOString(),
      secondsBeforeEnd: Math.round((SPAN_END - beatAt(lastBeat)) / 100) / 10,
      inFlight: inFlightOf(lastBeat).map((t) => ({
        traceId: t.traceId,
        spanId: t.spanId,
        route: t.route ?? '',
        method: t.method,
        url: t.url,
        startedAt: new Date(t.startedAtMs).toISOString(),
      })),
      inFlightTotal: 5,
      inFlightThresholdMs: 1000,
    });

    expect(inst.memory.heartbeats).toBe(lastBeat);
    expect(inst.memory.bucketMs).toBe(0);
    expect(inst.memory.heapLimit).toBe(2048 * MiB);
    expect(inst.memory.containerMemoryLimit).toBe(512 * MiB);
    expect(inst.memory.endsAt).toBe(new Date(SPAN_END).toISOString());
    expect(inst.memory.points).toEqual(
      Array.from({ length: lastBeat }, (_, k) => ({ ts: new Date(beatAt(k + 1)).toISOString(), ...memoryOf(k + 1) })),
    );
  });

  it('a pod with no heartbeat stored: empty series, no last heartbeat', async () => {
    const quiet: PodSpec = podSpec('quietsvc', 2, { workload: 'quietsvc', heartbeatMs: HB });
    await producer.send({
      topic: cfg.topics.lifecycle,
      messages: [
        {
          key: quiet.podUid,
          value: Buffer.from(encodeOtlp('logs', lifecycleRequest(quiet, LIFECYCLE_EVENTS.started, Date.now()))),
          headers: agentHeaders(quiet.instanceId),
        },
      ],
    });
    const pm = await waitFor(
      async () => {
        const r = await app.inject({ method: 'GET', url: `/api/v1/pods/shop/${quiet.podName}` });
        return r.statusCode === 200 ? (r.json() as PostMortemResponse) : undefined;
      },
      (v) => (v?.instances.length ?? 0) === 1,
      60_000,
    );
    const inst = pm!.instances[0]!;
    expect(inst.lastHeartbeat).toBeNull();
    expect(inst.memory).toMatchObject({ heartbeats: 0, bucketMs: 0, heapLimit: null, containerMemoryLimit: null });
    expect(inst.memory.points).toEqual([]);
  });
});

import { encodeOtlp, LIFECYCLE_ATTRS, LIFECYCLE_EVENTS, type LiveRecord } from '@podtrail/contracts';
import type { FastifyInstance } from 'fastify';
import { type Admin, Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { build } from '../app.js';
import { clickhouseTarget } from '../testing/clickhouse-target.js';
import { createTopics, queryRows, testConfig, testProducer, waitFor } from '../testing/ingest-harness.js';
import { agentHeaders, lifecycleRequest, type PodSpec, podSpec } from '../testing/otlp-fixtures.js';
import { waitForCommittedUpToEndAsOfNow } from '../testing/wait-for.js';

/**
 * Pod lifecycle from real lifecycle records on Kafka: graceful stop, crash, vanish (killed),
 * restarts, restart counts as history, live transition messages, and state surviving a collector
 * restart. Heartbeat interval 400 ms, vanish after 3 missed intervals.
 */
const brokers = inject('kafkaBrokers');
const HB = 400;
const chTarget = clickhouseTarget();
const cfg = testConfig(brokers, chTarget, { vanishHeartbeats: 3 });
const db = cfg.database;
let app: FastifyInstance;
let producer: Producer;
const live: LiveRecord[] = [];
let liveConsumer: ReturnType<Kafka['consumer']>;
let admin: Admin;

async function send(pod: PodSpec, event: string, tsMs = Date.now(), attrs: Record<string, string | number> = {}) {
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

/** A pod process: a new instance id under the same pod name and uid. */
function restartOf(pod: PodSpec): PodSpec {
  return { ...pod, instanceId: crypto.randomUUID() };
}

const beating = new Set<PodSpec>();
let beatTimer: NodeJS.Timeout | undefined;
/** heartbeat sends not yet acknowledged by the broker */
const inFlight = new Set<Promise<void>>();
/**
 * Waits until every heartbeat already sent is in the topic: one sent just before a pod leaves
 * `beating` could otherwise land, under load, after a collector declared the pod dead, and would
 * then (rightly) bring it back as `ready`.
 */
async function heartbeatsLanded(): Promise<void> {
  await Promise.allSettled([...inFlight]);
}

beforeAll(async () => {
  await createTopics(brokers, [cfg.topics.lifecycle, cfg.liveTopic], 2);
  producer = await testProducer(brokers);
  const kafka = new Kafka({ clientId: 'test-live', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  liveConsumer = kafka.consumer({ groupId: `live-reader-${cfg.consumerGroup}` });
  admin = kafka.admin();
  await admin.connect();
  await liveConsumer.connect();
  await liveConsumer.subscribe({ topic: cfg.liveTopic, fromBeginning: true });
  await liveConsumer.run({
    eachMessage: async ({ message }) => {
      live.push(JSON.parse(String(message.value)) as LiveRecord);
    },
  });
  app = await build(cfg, { live: false });
  await app.kafkaIngest?.joined;
  beatTimer = setInterval(() => {
    for (const p of beating) {
      const sent = send(p, LIFECYCLE_EVENTS.heartbeat).catch(() => {});
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent));
    }
  }, HB);
});
afterAll(async () => {
  clearInterval(beatTimer);
  await app?.close();
  await liveConsumer?.disconnect();
  await admin?.disconnect();
  await producer?.disconnect();
  await chTarget.cleanup();
});

interface InstRow {
  InstanceId: string;
  State: string;
  EndReason: string;
  ExitDetail: string;
  ended: number;
}
const instances = (pod: PodSpec) =>
  queryRows<InstRow>(
    app,
    `SELECT InstanceId, toString(State) AS State, EndReason, ExitDetail, EndedAt IS NOT NULL AS ended
     FROM ${db}.instances FINAL WHERE PodName = {p:String} ORDER BY StartedAt`,
    { p: pod.podName },
  );
const podRow = async (pod: PodSpec) =>
  (
    await queryRows<{ State: string; RestartCount: number; InstanceCount: number; CurrentInstanceId: string }>(
      app,
      `SELECT toString(State) AS State, RestartCount, InstanceCount, CurrentInstanceId FROM ${db}.pods FINAL WHERE PodName = {p:String}`,
      { p: pod.podName },
    )
  )[0];
const transitions = async (pod: PodSpec) =>
  (
    await queryRows<{ Transition: string }>(
      app,
      // same-millisecond transitions (a pod killed right after it started) in lifecycle order
      `SELECT Transition FROM ${db}.pod_transitions FINAL WHERE PodName = {p:String}
       ORDER BY Timestamp, indexOf(['started', 'restarted', 'ready', 'stopped', 'crashed', 'killed'], Transition)`,
      { p: pod.podName },
    )
  ).map((r) => r.Transition);

const t0 = Date.now();
const web1 = podSpec('web', 1, { workload: 'web', heartbeatMs: HB });
const web2 = podSpec('web', 2, { workload: 'web', heartbeatMs: HB });
const api1 = podSpec('api', 1, { workload: 'api', heartbeatMs: HB });
const api2 = podSpec('api', 2, { workload: 'api', heartbeatMs: HB });

describe('pod lifecycle tracking', () => {
  it('records graceful stop, crash (with the exception), vanish, restarts and restart counts', async () => {
    // web1: started, heartbeats, graceful stop
    await send(web1, LIFECYCLE_EVENTS.started);
    await send(web1, LIFECYCLE_EVENTS.heartbeat);
    await send(web1, LIFECYCLE_EVENTS.stopped, Date.now(), { [LIFECYCLE_ATTRS.signal]: 'SIGTERM' });
    // web2: crashes, then the kubelet restarts it (new instance, same pod)
    await send(web2, LIFECYCLE_EVENTS.started);
    await send(web2, LIFECYCLE_EVENTS.crashed, Date.now(), {
      [LIFECYCLE_ATTRS.exceptionType]: 'TypeError',
      [LIFECYCLE_ATTRS.exceptionMessage]: "Cannot read properties of undefined (reading 'id')",
      [LIFECYCLE_ATTRS.exceptionStacktrace]:
        'TypeError: Cannot read properties...\n    at handler (/app/server.js:42:7)',
      [LIFECYCLE_ATTRS.lastLogs]: JSON.stringify(['GET /orders/1', 'about to fail']),
      [LIFECYCLE_ATTRS.inFlight]: JSON.stringify([{ route: '/orders/:id', method: 'GET' }]),
    });
    const web2b = restartOf(web2);
    await send(web2b, LIFECYCLE_EVENTS.started);
    beating.add(web2b);
    // api1: heartbeats, then silence (SIGKILL / OOM kill): vanished
    await send(api1, LIFECYCLE_EVENTS.started);
    beating.add(api1);
    // api2: a second instance starts while the first never said goodbye
    await send(api2, LIFECYCLE_EVENTS.started);
    beating.add(api2);

    await waitFor(
      () => transitions(web2),
      (t) => t.length >= 3,
    );
    await new Promise((r) => setTimeout(r, 3 * HB));
    beating.delete(api1);
    const lastBeat = Date.now();
    const api2b = restartOf(api2);
    await send(api2b, LIFECYCLE_EVENTS.started);
    beating.delete(api2);
    beating.add(api2b);

    // vanish detection: within 3 heartbeat intervals (+ detection tick and transport)
    await waitFor(
      async () => (await instances(api1))[0]?.State,
      (s) => s === 'killed',
      15_000,
      100,
    );
    expect(Date.now() - lastBeat).toBeLessThan(3 * HB + 2500);
    // then api1 comes back as a new instance: a restart after a kill
    const api1b = restartOf(api1);
    await send(api1b, LIFECYCLE_EVENTS.started);
    beating.add(api1b);
    await waitFor(
      () => transitions(api1),
      (t) => t.includes('restarted'),
    );
    // re-delivery of an already applied event changes nothing: asserted once the collector has
    // committed it (stored, applied by the tracker, the tracker's rows written)
    await send(web1, LIFECYCLE_EVENTS.started, Date.now() - 60_000);
    await waitForCommittedUpToEndAsOfNow(admin, cfg.consumerGroup, cfg.topics.lifecycle);

    // ---- end states per instance
    expect(await instances(web1)).toEqual([
      expect.objectContaining({
        State: 'stopped',
        EndReason: 'graceful stop (SIGTERM)',
        ExitDetail: 'SIGTERM',
        ended: 1,
      }),
    ]);
    const w2 = await instances(web2);
    expect(w2.map((i) => i.State)).toEqual(['crashed', 'running']);
    expect(w2[0]?.EndReason).toBe("TypeError: Cannot read properties of undefined (reading 'id')");
    expect(w2[0]?.ExitDetail).toContain('at handler (/app/server.js:42:7)');
    const a1 = await instances(api1);
    expect(a1.map((i) => i.State)).toEqual(['killed', 'running']);
    expect(a1[0]?.EndReason).toMatch(/no heartbeat for 3 intervals .* and no stop event/);
    expect((await instances(api2)).map((i) => i.State)).toEqual(['restarted', 'running']);

    // ---- pods: state and restart counts
    expect(await podRow(web1)).toMatchObject({ State: 'stopped', RestartCount: 0, InstanceCount: 1 });
    expect(await podRow(web2)).toMatchObject({
      State: 'running',
      RestartCount: 1,
      InstanceCount: 2,
      CurrentInstanceId: web2b.instanceId,
    });
    expect(await podRow(api1)).toMatchObject({ State: 'running', RestartCount: 1, InstanceCount: 2 });
    expect(await podRow(api2)).toMatchObject({ State: 'running', RestartCount: 1, InstanceCount: 2 });

    // ---- history
    expect(await transitions(web1)).toEqual(['started', 'stopped']);
    expect(await transitions(web2)).toEqual(['started', 'crashed', 'restarted']);
    expect(await transitions(api1)).toEqual(['started', 'killed', 'restarted']);
    expect(await transitions(api2)).toEqual(['started', 'restarted']);
    const reasons = await queryRows<{ Reason: string; Message: string }>(
      app,
      `SELECT Reason, Message FROM ${db}.pod_transitions FINAL WHERE PodName = {p:String} AND Transition = 'restarted'`,
      { p: web2.podName },
    );
    expect(reasons[0]?.Reason).toMatch(/crashed: TypeError/);
    expect(reasons[0]?.Message).toMatch(/^pod restarted \(restart #1\); agent connected\. Agent: /);

    // restart count per workload over a time range, from history
    const perWorkload = await queryRows<{ Workload: string; restarts: number }>(
      app,
      `SELECT Workload, countIf(Transition = 'restarted') AS restarts FROM ${db}.pod_transitions FINAL
       WHERE Timestamp BETWEEN fromUnixTimestamp64Milli({from:Int64}) AND fromUnixTimestamp64Milli({to:Int64})
         AND PodName IN ({pods:Array(String)})
       GROUP BY Workload ORDER BY Workload`,
      { from: t0 - 1000, to: Date.now() + 1000, pods: [web1, web2, api1, api2].map((p) => p.podName) },
    );
    expect(perWorkload).toEqual([
      { Workload: 'api', restarts: 2 },
      { Workload: 'web', restarts: 1 },
    ]);
    // a window before anything happened has none
    const none = await queryRows<{ n: number }>(
      app,
      `SELECT count() AS n FROM ${db}.pod_transitions FINAL WHERE Transition = 'restarted' AND Timestamp < fromUnixTimestamp64Milli({t:Int64}) AND PodName IN ({pods:Array(String)})`,
      { t: t0 - 1000, pods: [web1, web2, api1, api2].map((p) => p.podName) },
    );
    expect(none[0]?.n).toBe(0);

    // raw events keep the crash details
    const crash = await queryRows<{ a: Record<string, string> }>(
      app,
      `SELECT Attributes AS a FROM ${db}.lifecycle_events WHERE PodName = {p:String} AND EventName = {e:String}`,
      { p: web2.podName, e: LIFECYCLE_EVENTS.crashed },
    );
    expect(JSON.parse(crash[0]?.a[LIFECYCLE_ATTRS.lastLogs] ?? '[]')).toEqual(['GET /orders/1', 'about to fail']);
    expect(crash[0]?.a[LIFECYCLE_ATTRS.inFlight]).toContain('/orders/:id');

    // live transition messages for the dashboard
    await waitFor(
      async () => live.filter((r) => r.kind === 'transition').length,
      (n) => n >= 10,
      10_000,
    );
    const msgs = live.flatMap((r) => (r.kind === 'transition' ? [r.event] : []));
    const started = msgs.find((e) => e.podName === web1.podName && e.transition === 'started');
    expect(started?.message).toMatch(/^pod started; agent connected\. Agent: .+@.+ \(10\.1\.2\.3\)$/);
    expect(msgs.filter((e) => e.podName === web1.podName).map((e) => e.transition)).toEqual(['started', 'stopped']);
  });

  it('keeps tracking after a collector restart: state is loaded back and silence is still detected', async () => {
    const pod = podSpec('db', 1, { workload: 'db', heartbeatMs: HB });
    await send(pod, LIFECYCLE_EVENTS.started);
    beating.add(pod);
    await waitFor(
      async () => (await podRow(pod))?.State,
      (s) => s === 'running',
    );
    await app.close();
    // the pod dies while no collector runs
    beating.delete(pod);
    await heartbeatsLanded();
    await new Promise((r) => setTimeout(r, 500));
    app = await build(cfg, { live: false });
    await app.kafkaIngest?.joined;
    await waitFor(
      async () => (await instances(pod))[0]?.State,
      (s) => s === 'killed',
      // rejoin, catch-up and three silent intervals: seconds when idle, far more on a loaded CI machine
      90_000,
      200,
    );
    // the pods row is written right after the instances row, in its own insert
    await waitFor(
      async () => (await podRow(pod))?.State,
      (s) => s === 'killed',
      30_000,
      100,
    );
    expect(await podRow(pod)).toMatchObject({ State: 'killed', RestartCount: 0 });
    expect(await transitions(pod)).toEqual(['started', 'killed']);
    // pods that were still beating were not declared dead by the restart
    const running = await queryRows<{ n: number }>(
      app,
      `SELECT count() AS n FROM ${db}.instances FINAL WHERE State = 'killed' AND PodName = {p:String}`,
      { p: web2.podName },
    );
    expect(running[0]?.n).toBe(0);
  }, 240_000);
});

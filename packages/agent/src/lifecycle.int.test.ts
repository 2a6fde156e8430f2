import { LIFECYCLE_ATTRS, LIFECYCLE_EVENTS, RESOURCE_KEYS } from '@podtrail/contracts';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ensureBuilt,
  get,
  load,
  readTopics,
  serverSpans,
  startApp,
  type TopicData,
  uniqueTopics,
  waitForValue,
} from './testing/harness.js';

const brokers = (): string => inject('kafkaBrokers') ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';

function agentEnv(topics: ReturnType<typeof uniqueTopics>, extra: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: brokers(),
    PODTRAIL_SERVICE_NAME: 'agent-int',
    POD_NAMESPACE: 'int',
    POD_NAME: 'agent-int-7d9f8c6b5-x2x4z',
    POD_UID: `uid-${topics.spans}`,
    PODTRAIL_TOPIC_SPANS: topics.spans,
    PODTRAIL_TOPIC_METRICS: topics.metrics,
    PODTRAIL_TOPIC_LIFECYCLE: topics.lifecycle,
    PODTRAIL_BATCH_DELAY_MS: '200',
    ...extra,
  };
}

beforeAll(() => ensureBuilt());

describe('agent lifecycle on the real broker', () => {
  it('SIGTERM: every completed request is one SERVER span on Kafka, plus one stopped event', async () => {
    const topics = uniqueTopics('sigterm');
    const app = await startApp('app.mjs', agentEnv(topics));
    const N = 137;
    const statuses = await load(app.port, '/ok', N);
    expect(statuses.filter((s) => s === 200)).toHaveLength(N);
    // one traced outgoing call each way: fetch (undici) and node:http, parented by the server span
    expect((await get(app.port, '/fetch')).body).toBe('fetched ok');
    expect((await get(app.port, '/http')).body).toBe('http ok');
    app.child.kill('SIGTERM');
    const exit = await app.exited;
    // no SIGTERM listener in the app: it dies by the signal, as it would without the agent
    expect(exit.signal).toBe('SIGTERM');

    const data = await readTopics(
      brokers(),
      topics,
      (d) => serverSpans(d).length >= N + 4 && d.events.some((e) => e.name === LIFECYCLE_EVENTS.stopped),
    );
    const server = serverSpans(data);
    // N /ok + /fetch + /http + the two /ok they called
    expect(server).toHaveLength(N + 4);
    expect(server.filter((s) => s.attributes['url.path'] === '/ok')).toHaveLength(N + 2);
    for (const s of server) {
      expect(s.resource[RESOURCE_KEYS.podName]).toBe('agent-int-7d9f8c6b5-x2x4z');
      expect(s.resource[RESOURCE_KEYS.deployment]).toBe('agent-int');
      expect(s.resource[RESOURCE_KEYS.replicaSet]).toBe('agent-int-7d9f8c6b5');
      expect(s.resource[RESOURCE_KEYS.serviceName]).toBe('agent-int');
    }
    // W3C propagation: the CLIENT span's child is the SERVER span of the callee, same trace
    for (const path of ['/fetch', '/http']) {
      const root = server.find((s) => s.attributes['url.path'] === path)!;
      const client = data.spans.find((s) => s.span.kind === 3 && s.parentSpanId === root.spanId)!;
      expect(client.traceId).toBe(root.traceId);
      const callee = server.find((s) => s.parentSpanId === client.spanId)!;
      expect(callee.traceId).toBe(root.traceId);
      expect(callee.attributes['url.path']).toBe('/ok');
    }
    const stopped = data.events.filter((e) => e.name === LIFECYCLE_EVENTS.stopped);
    expect(stopped).toHaveLength(1);
    expect(stopped[0]!.attributes[LIFECYCLE_ATTRS.signal]).toBe('SIGTERM');
    expect(stopped[0]!.record.eventName).toBe(LIFECYCLE_EVENTS.stopped);
    expect(JSON.parse(stopped[0]!.attributes[LIFECYCLE_ATTRS.inFlight]!)).toEqual([]);
    expect(JSON.parse(stopped[0]!.attributes[LIFECYCLE_ATTRS.lastLogs]!)).toContain(`listening ${app.port}`);
    expect(data.events.filter((e) => e.name === LIFECYCLE_EVENTS.started)).toHaveLength(1);
    // keyed by pod uid, with the wire headers
    expect(new Set(data.keys)).toEqual(new Set([`uid-${topics.spans}`]));
    expect(data.headers[0]).toMatchObject({ 'content-type': 'application/x-protobuf', 'podtrail-schema-version': '1' });
  }, 30_000);

  it('an app with its own SIGTERM handler drains and exits with its own code; spans still flushed', async () => {
    const topics = uniqueTopics('drain');
    const app = await startApp('app.mjs', agentEnv(topics, { APP_SIGTERM_HANDLER: '1', APP_EXIT_CODE: '3' }));
    const slow = get(app.port, '/slow?ms=400');
    // the signal comes while the app is handling the request
    await waitForValue(() => app.stdout.includes('slow request started'), Boolean, {
      what: 'the app to start handling /slow',
      intervalMs: 10,
    });
    app.child.kill('SIGTERM');
    expect((await slow).body).toBe('slow');
    const exit = await app.exited;
    expect(exit).toEqual({ code: 3, signal: null });
    const data = await readTopics(
      brokers(),
      topics,
      (d) => serverSpans(d).length >= 1 && d.events.some((e) => e.name === LIFECYCLE_EVENTS.stopped),
    );
    expect(serverSpans(data)).toHaveLength(1);
    const stopped = data.events.filter((e) => e.name === LIFECYCLE_EVENTS.stopped);
    expect(stopped).toHaveLength(1);
    // the slow request was still running when the signal came
    const inFlight = JSON.parse(stopped[0]!.attributes[LIFECYCLE_ATTRS.inFlight]!) as { method: string; url: string }[];
    expect(inFlight).toHaveLength(1);
    expect(inFlight[0]).toMatchObject({ method: 'GET', url: '/slow' });
  }, 30_000);

  it('uncaught exception: crashed event with the stack, in-flight request and last log lines; exit code 1', async () => {
    const topics = uniqueTopics('crash');
    const app = await startApp('app.mjs', agentEnv(topics));
    for (let i = 0; i < 5; i++) await get(app.port, `/log?n=${i}`);
    const marker = `m${Date.now()}`;
    void get(app.port, `/crash?marker=${marker}`).catch(() => {});
    const exit = await app.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    // Node's own crash report still reaches stderr
    expect(app.stderr.join('\n')).toContain(`TypeError: boom ${marker}`);

    const data = await readTopics(
      brokers(),
      topics,
      (d) => d.events.some((e) => e.name === LIFECYCLE_EVENTS.crashed) && serverSpans(d).length >= 5,
    );
    const crashed = data.events.filter((e) => e.name === LIFECYCLE_EVENTS.crashed);
    expect(crashed).toHaveLength(1);
    const a = crashed[0]!.attributes;
    expect(a[LIFECYCLE_ATTRS.exceptionType]).toBe('TypeError');
    expect(a[LIFECYCLE_ATTRS.exceptionMessage]).toBe(`boom ${marker}`);
    expect(a[LIFECYCLE_ATTRS.exceptionStacktrace]).toContain('explodeInTimer');
    expect(a['podtrail.crash.origin']).toBe('uncaughtException');
    const lastLogs = JSON.parse(a[LIFECYCLE_ATTRS.lastLogs]!) as string[];
    expect(lastLogs).toEqual(expect.arrayContaining(['app line 0', 'app line 4', `about to crash ${marker}`]));
    const inFlight = JSON.parse(a[LIFECYCLE_ATTRS.inFlight]!) as { url: string; traceId: string }[];
    expect(inFlight.map((t) => t.url)).toEqual(['/crash']);
    expect(inFlight[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(data.events.filter((e) => e.name === LIFECYCLE_EVENTS.stopped)).toHaveLength(0);
    // the spans of the requests that completed before the crash were flushed with it
    expect(serverSpans(data).filter((s) => s.attributes['url.path'] === '/log')).toHaveLength(5);
  }, 30_000);

  it('unhandled rejection: crashed event with origin unhandledRejection; exit code 1', async () => {
    const topics = uniqueTopics('reject');
    const app = await startApp('app.mjs', agentEnv(topics));
    const marker = `r${Date.now()}`;
    void get(app.port, `/reject?marker=${marker}`).catch(() => {});
    const exit = await app.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    const data = await readTopics(brokers(), { lifecycle: topics.lifecycle }, (d) =>
      d.events.some((e) => e.name === LIFECYCLE_EVENTS.crashed),
    );
    const crashed = data.events.filter((e) => e.name === LIFECYCLE_EVENTS.crashed);
    expect(crashed).toHaveLength(1);
    expect(crashed[0]!.attributes[LIFECYCLE_ATTRS.exceptionType]).toBe('RangeError');
    expect(crashed[0]!.attributes['podtrail.crash.origin']).toBe('unhandledRejection');
    expect(JSON.parse(crashed[0]!.attributes[LIFECYCLE_ATTRS.lastLogs]!)).toContain(`about to reject ${marker}`);
  }, 30_000);

  it('SIGKILL: heartbeats and spans were sent, no stopped or crashed event', async () => {
    const topics = uniqueTopics('sigkill');
    const app = await startApp('app.mjs', agentEnv(topics, { PODTRAIL_HEARTBEAT_MS: '300' }));
    const N = 25;
    await load(app.port, '/ok', N);
    const sent = (d: TopicData) =>
      serverSpans(d).length >= N && d.events.filter((e) => e.name === LIFECYCLE_EVENTS.heartbeat).length >= 2;
    // killed once the spans and two heartbeats are on Kafka
    await readTopics(brokers(), topics, sent);
    app.child.kill('SIGKILL');
    expect((await app.exited).signal).toBe('SIGKILL');
    // everything the app sent before it died: read up to the end of its topics
    const data = await readTopics(brokers(), topics, sent);
    expect(serverSpans(data)).toHaveLength(N);
    const names = data.events.map((e) => e.name);
    expect(names.filter((n) => n === LIFECYCLE_EVENTS.started)).toHaveLength(1);
    expect(names.filter((n) => n === LIFECYCLE_EVENTS.heartbeat).length).toBeGreaterThanOrEqual(2);
    expect(names).not.toContain(LIFECYCLE_EVENTS.stopped);
    expect(names).not.toContain(LIFECYCLE_EVENTS.crashed);
    const hb = data.events.find((e) => e.name === LIFECYCLE_EVENTS.heartbeat)!;
    expect(hb.attributes[LIFECYCLE_ATTRS.heartbeatIntervalMs]).toBe('300');
    expect(Number(hb.attributes[LIFECYCLE_ATTRS.rss])).toBeGreaterThan(0);
    expect(hb.attributes[LIFECYCLE_ATTRS.droppedSpans]).toBe('0');
  }, 30_000);

  it('restart under the same pod name: a new instance id, both instances kept apart', async () => {
    const topics = uniqueTopics('restart');
    const env = agentEnv(topics);
    const first = await startApp('app.mjs', env);
    await load(first.port, '/ok', 3);
    first.child.kill('SIGTERM');
    await first.exited;
    const second = await startApp('app.cjs', env);
    await load(second.port, '/ok', 4);
    second.child.kill('SIGTERM');
    await second.exited;

    const data = await readTopics(
      brokers(),
      topics,
      (d) => serverSpans(d).length >= 7 && d.events.filter((e) => e.name === LIFECYCLE_EVENTS.stopped).length >= 2,
    );
    const started = data.events.filter((e) => e.name === LIFECYCLE_EVENTS.started);
    expect(started).toHaveLength(2);
    const ids = started.map((e) => e.resource[RESOURCE_KEYS.instanceId]);
    expect(new Set(ids).size).toBe(2);
    for (const e of started) {
      expect(e.resource[RESOURCE_KEYS.podName]).toBe('agent-int-7d9f8c6b5-x2x4z');
      expect(e.attributes[RESOURCE_KEYS.instanceId]).toBe(e.resource[RESOURCE_KEYS.instanceId]);
    }
    const spansBy = (id: string | undefined) =>
      serverSpans(data).filter((s) => s.resource[RESOURCE_KEYS.instanceId] === id).length;
    expect(spansBy(ids[0])).toBe(3);
    expect(spansBy(ids[1])).toBe(4);
    // the record header names the producing instance too
    expect(new Set(data.headers.map((h) => h['podtrail-instance-id']))).toEqual(new Set(ids));
  }, 30_000);
});

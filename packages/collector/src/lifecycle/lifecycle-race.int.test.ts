import { encodeOtlp, LIFECYCLE_ATTRS, LIFECYCLE_EVENTS } from '@podtrail/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../testing/ingest-harness.js';
import { lifecycleRequest, type PodSpec, podSpec, traceRequest } from '../testing/otlp-fixtures.js';
import { otlpOnlyApp } from '../testing/otlp-only-app.js';

/**
 * A pod's `started` and `crashed` events arriving close together on the OTLP/HTTP receiver
 * (the UI engineer's report: the crash was in pod_transitions, the pods row stayed `running`).
 * The crash was applied while the start's rows were being written, and the write cleared the
 * pod's dirty mark after the insert, so the crashed state was never written. Each scenario is
 * repeated for 20 pods with gaps of 0..1500 ms between the two requests, once with ClickHouse
 * slowed down (every lifecycle insert held 250 ms, so a crash lands inside a write for most
 * gaps) and once at full speed with spans between the two events (as the UI test sends them).
 * The outcome must be exact for every pod: pods, instances and transitions all say `crashed`.
 */
const collector = otlpOnlyApp();
const db = collector.config.database;
// runs before the app's afterAll (after hooks run in reverse order)
afterAll(() => {
  collector.app.tables.setFaultInjector(null);
});

const PB = { 'content-type': 'application/x-protobuf' };
const LIFECYCLE_TABLES = new Set(['lifecycle_events', 'pod_transitions', 'instances', 'pods']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(url: '/v1/logs' | '/v1/traces', body: Uint8Array): Promise<void> {
  const res = await collector.app.inject({ method: 'POST', url, headers: PB, payload: Buffer.from(body) });
  expect(res.statusCode, res.body).toBe(200);
}

const started = (p: PodSpec, ts: number) => encodeOtlp('logs', lifecycleRequest(p, LIFECYCLE_EVENTS.started, ts));
const crashed = (p: PodSpec, ts: number) =>
  encodeOtlp(
    'logs',
    lifecycleRequest(p, LIFECYCLE_EVENTS.crashed, ts, {
      [LIFECYCLE_ATTRS.exceptionType]: 'TypeError',
      [LIFECYCLE_ATTRS.exceptionMessage]: 'boom',
    }),
  );

/** Gap of pod i: 0 .. 1500 ms in 20 steps. */
const gapOf = (i: number, n: number) => Math.round((i * 1500) / (n - 1));

interface Outcome {
  pod: string;
  pods: string;
  current: string;
  restarts: number;
  instances: string;
  transitions: string;
}

async function outcomes(workload: string): Promise<Outcome[]> {
  const pods = await queryRows<{ p: string; s: string; c: string; r: number }>(
    collector.app,
    `SELECT PodName AS p, toString(State) AS s, CurrentInstanceId AS c, RestartCount AS r
     FROM ${db}.pods FINAL WHERE Workload = {w:String}`,
    { w: workload },
  );
  const insts = await queryRows<{ p: string; s: string }>(
    collector.app,
    `SELECT PodName AS p, groupArray(toString(State)) AS s FROM (
       SELECT PodName, State FROM ${db}.instances FINAL WHERE Workload = {w:String} ORDER BY StartedAt)
     GROUP BY PodName`,
    { w: workload },
  );
  const trans = await queryRows<{ p: string; t: string[] }>(
    collector.app,
    `SELECT PodName AS p, groupArray(Transition) AS t FROM (
       SELECT PodName, Transition FROM ${db}.pod_transitions FINAL WHERE Workload = {w:String}
       ORDER BY Timestamp, indexOf(['started', 'restarted', 'ready', 'stopped', 'crashed', 'killed'], Transition))
     GROUP BY PodName`,
    { w: workload },
  );
  return pods
    .map((r) => ({
      pod: r.p,
      pods: r.s,
      current: r.c,
      restarts: Number(r.r),
      instances: String(insts.find((i) => i.p === r.p)?.s ?? ''),
      transitions: (trans.find((t) => t.p === r.p)?.t ?? []).join(','),
    }))
    .sort((a, b) => a.pod.localeCompare(b.pod));
}

function expected(pods: PodSpec[]): Outcome[] {
  return pods
    .map((p) => ({
      pod: p.podName,
      pods: 'crashed',
      current: p.instanceId,
      restarts: 0,
      instances: 'crashed',
      transitions: 'started,crashed',
    }))
    .sort((a, b) => a.pod.localeCompare(b.pod));
}

describe('started and crashed close together (OTLP/HTTP)', () => {
  it('ClickHouse slow: a crash applied while the start is being written ends the pod as crashed (20 gaps)', async () => {
    const N = 20;
    const pods = Array.from({ length: N }, (_, i) => podSpec('race-slow', i, { workload: 'race-slow' }));
    collector.app.tables.setFaultInjector((table) => (LIFECYCLE_TABLES.has(table) ? { delayMs: 250 } : undefined));
    try {
      await Promise.all(
        pods.map(async (p, i) => {
          await sleep(i * 40);
          const gap = gapOf(i, N);
          const t0 = Date.now();
          // the crash is sent `gap` ms after the start, without waiting for the start's answer
          const a = post('/v1/logs', started(p, t0));
          await sleep(gap);
          await Promise.all([a, post('/v1/logs', crashed(p, t0 + gap))]);
        }),
      );
    } finally {
      collector.app.tables.setFaultInjector(null);
    }
    // every request answered after its events were applied and written: no waiting needed
    expect(await outcomes('race-slow')).toEqual(expected(pods));
  });

  it('full speed, spans between the two events: every pod ends as crashed (20 gaps)', async () => {
    const N = 20;
    const pods = Array.from({ length: N }, (_, i) => podSpec('race-fast', i, { workload: 'race-fast' }));
    const base = Date.now();
    await Promise.all(
      pods.map(async (p, i) => {
        await sleep(i * 25);
        const gap = gapOf(i, N);
        const t = Date.now();
        await post('/v1/logs', started(p, base - 6 * 60_000));
        // spans move the pod's LastSeen by minutes: the tracker rewrites its rows (tick flush)
        await post(
          '/v1/traces',
          encodeOtlp('traces', traceRequest(p, { transactions: 20, startMs: base - 3 * 60_000 })),
        );
        const left = gap - (Date.now() - t);
        if (left > 0) await sleep(left);
        await post('/v1/logs', crashed(p, base - 2 * 60_000));
      }),
    );
    // a tick flush may still hold a LastSeen update: it must not bring `running` back. One more
    // periodic pass, run now: when it returns, every write pending or in flight has been made.
    await collector.app.lifecycleTracker.tick();
    expect(await outcomes('race-fast')).toEqual(expected(pods));
  });
});

describe('rows ClickHouse refuses', () => {
  it('a block refused as data is retried row by row: the other rows are stored, not dropped with it', async () => {
    const p = podSpec('refused', 1, { workload: 'refused' });
    let refused = 0;
    collector.app.tables.setFaultInjector((table) => {
      if (table !== 'pods' || refused > 0) return undefined;
      refused++;
      return new Error('Code: 117. DB::Exception: simulated INCORRECT_DATA');
    });
    try {
      await post('/v1/logs', started(p, Date.now()));
    } finally {
      collector.app.tables.setFaultInjector(null);
    }
    expect(refused).toBe(1);
    expect(await outcomes('refused')).toEqual([
      {
        pod: p.podName,
        pods: 'running',
        current: p.instanceId,
        restarts: 0,
        instances: 'running',
        transitions: 'started',
      },
    ]);
  });
});

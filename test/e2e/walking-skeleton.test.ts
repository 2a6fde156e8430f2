// Issue 2 acceptance: real broker, the collector on embedded ClickHouse (or the ClickHouse server of
// CLICKHOUSE_URL), three instrumented "pods".
// Known request counts per pod must be stored exactly, with trace/parent ids intact across a
// service-to-service call, served by the API, and pushed live over the WebSocket.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { clickhouseTarget } from '../support/clickhouse-target.js';
import { startReadyCollector } from '../support/collector-process.js';
import { fireRequests, getJson, waitUntil } from '../support/http.js';
import { runId, topicEnv } from '../support/kafka.js';
import { repoRoot, type StartedProcess, startNode } from '../support/processes.js';

const brokers = inject('kafkaBrokers');
const run = runId();
const topics = topicEnv(`e2e-${run}`);
const readToken = `read-${run}-0123456789abcdef`;
const adminToken = `admin-${run}-0123456789abcdef`;

const PODS = [
  { name: 'orders-7d9f8b6c5d-x2k4p', service: 'orders', requests: 137, path: '/chain' },
  { name: 'catalog-5c8d7f9b4-m7q2z', service: 'catalog', requests: 200, path: '/work' },
  { name: 'billing-6b7c8d9f5-t9w3r', service: 'billing', requests: 311, path: '/work' },
] as const;

describe('walking skeleton: agent -> Kafka -> collector -> ClickHouse -> API/WS', () => {
  const store = clickhouseTarget('podtrail-e2e-');
  const db = store.database;
  let collector: StartedProcess;
  let base = '';
  const pods: StartedProcess[] = [];
  const podUrls: string[] = [];
  const liveCounts = new Map<string, number>();
  let ws: WebSocket | undefined;

  beforeAll(async () => {
    ({ process: collector, base } = await startReadyCollector({
      brokers,
      topics,
      storeEnv: store.env,
      env: {
        PODTRAIL_CONSUMER_GROUP: `e2e-${run}`,
        PODTRAIL_TOKENS: `read:${readToken},admin:${adminToken}`,
      },
    }));

    // live subscription first, so every second of traffic is seen
    ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/live?token=${readToken}`);
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { type: string; pods?: { podName: string; count: number }[] };
      if (msg.type !== 'tick') return;
      for (const p of msg.pods ?? []) liveCounts.set(p.podName, (liveCounts.get(p.podName) ?? 0) + p.count);
    });
    await new Promise<void>((resolve, reject) => {
      ws?.once('open', () => {
        ws?.send(JSON.stringify({ type: 'subscribe' }));
        resolve();
      });
      ws?.once('error', reject);
    });

    // start the leaf services first; orders calls catalog
    for (const pod of [PODS[1], PODS[2], PODS[0]]) {
      const env: Record<string, string> = {
        KAFKA_BROKERS: brokers,
        ...topics,
        PODTRAIL_SERVICE_NAME: pod.service,
        POD_NAME: pod.name,
        POD_NAMESPACE: 'e2e',
        POD_UID: `uid-${pod.name}`,
        NODE_NAME: 'node-a',
        PODTRAIL_HEARTBEAT_MS: '1000',
      };
      if (pod === PODS[0]) env.NEXT_URL = podUrls[0] ?? '';
      const p = startNode(
        ['--import', '@podtrail/agent/register', 'e2e/fixtures/pod-service.mjs'],
        env,
        join(repoRoot, 'test'),
      );
      const m = await p.waitFor(/listening (\d+)/, 30_000);
      pods.push(p);
      podUrls.push(`http://127.0.0.1:${m[1]}`);
    }
  });

  afterAll(async () => {
    ws?.close();
    await Promise.all(pods.map((p) => p.stop('SIGKILL')));
    await collector?.stop('SIGKILL');
    await store.cleanup();
  });

  it('stores exactly the requests each pod served, with intact trace context', async () => {
    // podUrls order: catalog, billing, orders
    const urlFor = (i: number) => podUrls[[2, 0, 1][i] as number] as string;
    await Promise.all(PODS.map((pod, i) => fireRequests(`${urlFor(i)}${pod.path}`, pod.requests)));
    // graceful stop flushes every finished span
    const exits = await Promise.all(pods.map((p) => p.stop('SIGTERM')));
    expect(exits).toHaveLength(PODS.length);
    for (const e of exits) expect(e.signal === 'SIGTERM' || e.code === 143 || e.code === 0).toBe(true);

    // orders' /chain also makes catalog serve one /leaf per request
    const expected: Record<string, number> = {
      [PODS[0].name]: PODS[0].requests,
      [PODS[1].name]: PODS[1].requests + PODS[0].requests,
      [PODS[2].name]: PODS[2].requests,
    };

    type Velocity = { rows: { podName: string; count: number; tps: number }[] };
    const from = Date.now() - 10 * 60_000;
    const velocity = await waitUntil(
      async () => {
        const { status, body } = await getJson<Velocity>(
          `${base}/api/v1/velocity?groupBy=pod&from=${from}&to=${Date.now() + 60_000}`,
          readToken,
        );
        if (status !== 200) return undefined;
        const got = Object.fromEntries(body.rows.map((r) => [r.podName, r.count]));
        return Object.entries(expected).every(([pod, n]) => got[pod] === n) ? body : undefined;
      },
      60_000,
      'velocity counts to reach the number of requests sent',
    );
    expect(Object.fromEntries(velocity.rows.map((r) => [r.podName, r.count]))).toEqual(expected);
    expect(velocity.rows).toHaveLength(PODS.length);
    for (const r of velocity.rows) expect(r.tps).toBeGreaterThan(0);

    // the live stream saw the same transactions, per pod
    await waitUntil(
      async () => Object.entries(expected).every(([pod, n]) => liveCounts.get(pod) === n),
      20_000,
      'live per-second counts to add up',
    );
    expect(Object.fromEntries(liveCounts)).toEqual(expected);

    // the API refuses a missing token
    expect((await getJson(`${base}/api/v1/velocity`)).status).toBe(401);

    // stop the collector, then read what it stored straight from ClickHouse (chDB dir or server)
    const stopped = await collector.stop('SIGTERM');
    expect(stopped.code === 0 || stopped.signal === 'SIGTERM').toBe(true);
    const ch = store.client();
    try {
      const q = async <T>(query: string) => (await (await ch.query({ query, format: 'JSONEachRow' })).json()) as T[];
      const perPod = await q<{ PodName: string; n: string }>(
        `SELECT PodName, count() AS n FROM ${db}.spans WHERE IsTransaction GROUP BY PodName`,
      );
      expect(Object.fromEntries(perPod.map((r) => [r.PodName, Number(r.n)]))).toEqual(expected);

      // identity columns were pulled out of the resource
      const ident = await q<{
        PodName: string;
        ServiceName: string;
        Namespace: string;
        PodUid: string;
        NodeName: string;
        instances: string;
      }>(
        `SELECT PodName, any(ServiceName) AS ServiceName, any(Namespace) AS Namespace, any(PodUid) AS PodUid,
                any(NodeName) AS NodeName, uniqExact(InstanceId) AS instances
         FROM ${db}.spans GROUP BY PodName ORDER BY PodName`,
      );
      // one row per pod, in PodName order: the loop below checks each of them
      expect(ident.map((r) => r.PodName)).toEqual(PODS.map((p) => p.name).sort());
      for (const row of ident) {
        const pod = PODS.find((p) => p.name === row.PodName);
        expect(pod).toBeDefined();
        expect(row).toMatchObject({
          ServiceName: pod?.service,
          Namespace: 'e2e',
          PodUid: `uid-${pod?.name}`,
          NodeName: 'node-a',
        });
        expect(Number(row.instances)).toBe(1);
      }

      // every orders request: server span -> client span -> catalog server span, one trace id
      const chains = await q<{ n: string; traces: string }>(
        `SELECT count() AS n, uniqExact(s1.TraceId) AS traces
         FROM ${db}.spans AS s1
         INNER JOIN ${db}.spans AS c1 ON c1.ParentSpanId = s1.SpanId AND c1.TraceId = s1.TraceId
         INNER JOIN ${db}.spans AS s2 ON s2.ParentSpanId = c1.SpanId AND s2.TraceId = c1.TraceId
         WHERE s1.PodName = '${PODS[0].name}' AND s1.SpanKind = 'Server'
           AND c1.PodName = '${PODS[0].name}' AND c1.SpanKind = 'Client'
           AND s2.PodName = '${PODS[1].name}' AND s2.SpanKind = 'Server'`,
      );
      expect(Number(chains[0]?.n)).toBe(PODS[0].requests);
      expect(Number(chains[0]?.traces)).toBe(PODS[0].requests);

      // orders' root spans have no parent; catalog's direct /work spans are roots too
      const roots = await q<{ PodName: string; n: string }>(
        `SELECT PodName, count() AS n FROM ${db}.spans
         WHERE IsTransaction AND ParentSpanId = unhex('0000000000000000') GROUP BY PodName`,
      );
      expect(Object.fromEntries(roots.map((r) => [r.PodName, Number(r.n)]))).toEqual({
        [PODS[0].name]: PODS[0].requests,
        [PODS[1].name]: PODS[1].requests,
        [PODS[2].name]: PODS[2].requests,
      });
    } finally {
      await ch.close();
    }
  });
});

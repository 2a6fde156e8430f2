// Issue 14 point 5: a 3-node Kafka cluster (deploy/kafka/kafka.sh cluster) loses the broker that
// leads a pod's span partition to SIGKILL in the middle of the load, and stays down (it is not
// restarted: the test is about carrying on with 2 of 3 brokers, min.insync.replicas 2).
// The collector creates its topics with replication 3 / min.insync.replicas 2 (3 brokers), and the
// requests served before, during and after the loss are all stored exactly once, without a restart
// of the agents or of the collector and without a drop in the agents.
import { join } from 'node:path';
import { partitionForKey } from '@podtrail/contracts/partitioner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committed, endOffsets } from '../../packages/collector/src/testing/collector-process.js';
import { clickhouseTarget } from '../support/clickhouse-target.js';
import { startCollectorProcess } from '../support/collector-process.js';
import { fireRequests, getJson, waitUntil } from '../support/http.js';
import { runId, topicEnv } from '../support/kafka.js';
import {
  groupCoordinator,
  leaderOf,
  partitionsLedBy,
  startCluster,
  type TestCluster,
  topicContents,
  topicReplication,
} from '../support/kafka-cluster.js';
import { repoRoot, type StartedProcess, startNode } from '../support/processes.js';

const run = runId();
const topics = topicEnv(`e2e-bl-${run}`);
const PARTITIONS = 4;
const readToken = `read-${run}-0123456789abcdef`;

// requests per pod in each phase: before the kill, while it happens, right after it (the leader is
// gone but not yet fenced: its partitions have no live leader), and once the cluster has moved them
const PHASES = [100, 100, 100, 100] as const;
const PODS = ['orders-5d8f7c9b6-a1b2c', 'catalog-7c9d8e6f5-d3e4f', 'billing-6b5a4c3d2-g5h6i'].map((name) => ({
  name,
  uid: `uid-${name}-${run}`,
}));
const group = `e2e-bl-${run}`;
const PER_POD = PHASES.reduce((a, b) => a + b, 0);
const t0 = Date.now();
const step = (what: string) =>
  process.stderr.write(`[broker-loss ${((Date.now() - t0) / 1000).toFixed(1)}s] ${what}\n`);

describe('Kafka broker loss on a 3-node cluster', () => {
  const store = clickhouseTarget('podtrail-e2e-bl-');
  const db = store.database;
  let cluster: TestCluster | undefined;
  let brokers = '';
  let victim = 0;
  let collector: StartedProcess | undefined;
  let base = '';
  const pods: { proc: StartedProcess; url: string; pid: number }[] = [];

  beforeAll(async () => {
    cluster = await startCluster();
    brokers = cluster.brokers;
    step('cluster up');
    ({ process: collector, base } = await startCollectorProcess({
      brokers,
      topics,
      storeEnv: store.env,
      env: {
        PODTRAIL_CONSUMER_GROUP: group,
        PODTRAIL_TOKENS: `read:${readToken}`,
        PODTRAIL_TOPIC_PARTITIONS: String(PARTITIONS),
        PODTRAIL_BATCH_MAX_MS: '100',
        PODTRAIL_KAFKA_SESSION_TIMEOUT_MS: '10000',
      },
    }));
    // the collector creates the topics (replicated) first; the pods start while it finishes starting
    await collector.waitFor(/created missing Kafka topics/, 120_000);
    step('topics created');
    // The broker to lose: the collector group's coordinator (kafkajs commits to the coordinator it
    // found at join) when it leads a span partition, else the leader of orders' partition. orders'
    // uid is chosen so its spans go to a partition that broker leads.
    // (a node that just started may not know every partition yet: asked again)
    const coordinator = await waitUntil(() => groupCoordinator(brokers, group), 30_000, 'the group coordinator');
    const led = await waitUntil(
      () => partitionsLedBy(brokers, topics.PODTRAIL_TOPIC_SPANS, coordinator),
      30_000,
      'the span partitions it leads',
    );
    if (led.length > 0) {
      victim = coordinator;
      const orders = PODS[0] as { uid: string };
      for (let i = 0; !led.includes(partitionForKey(Buffer.from(orders.uid), PARTITIONS)); i++)
        orders.uid = `uid-${PODS[0]?.name}-${run}-${i}`;
    }
    const ready = waitUntil(async () => (await getJson(`${base}/readyz`)).status === 200, 120_000, 'collector /readyz');
    await Promise.all(
      PODS.map(async (pod, i) => {
        const proc = startNode(
          ['--import', '@podtrail/agent/register', 'e2e/fixtures/pod-service.mjs'],
          {
            KAFKA_BROKERS: brokers,
            ...topics,
            PODTRAIL_SERVICE_NAME: pod.name.split('-')[0] as string,
            POD_NAME: pod.name,
            POD_NAMESPACE: 'e2e',
            POD_UID: pod.uid,
            NODE_NAME: 'node-a',
            PODTRAIL_HEARTBEAT_MS: '1000',
            PODTRAIL_BATCH_DELAY_MS: '200',
            // its Kafka retries and transport errors on stderr: evidence that the loss was felt
            PODTRAIL_DEBUG: 'true',
          },
          join(repoRoot, 'test'),
        );
        const m = await proc.waitFor(/listening (\d+)/, 30_000);
        pods[i] = { proc, url: `http://127.0.0.1:${m[1]}`, pid: proc.child.pid ?? 0 };
      }),
    );
    await ready;
    step('pods and collector ready');
  }, 170_000); // three JVMs, a collector and three pods

  afterAll(async () => {
    await Promise.all(pods.map((p) => p.proc.stop('SIGKILL')));
    await collector?.stop('SIGKILL');
    await store.cleanup();
    await cluster?.stop();
  });

  it('stores every request exactly once while the leader of a pod partition is SIGKILLed', async () => {
    // the collector made its topics replicated on the 3 brokers
    for (const topic of Object.values(topics)) {
      const r = await topicReplication(brokers, topic);
      expect(r).toEqual({ replicas: Array(PARTITIONS).fill(3), minInsync: '2' });
    }

    const fire = (n: number) => Promise.all(pods.map((p) => fireRequests(`${p.url}/work`, n, 4)));
    await fire(PHASES[0]);
    step('phase 0 sent');

    // the broker leading orders' span partition (and the group's coordinator, see beforeAll): orders'
    // records are the ones in flight when it dies
    const partition = partitionForKey(Buffer.from(PODS[0]?.uid ?? ''), PARTITIONS);
    if (victim === 0) victim = await leaderOf(brokers, topics.PODTRAIL_TOPIC_SPANS, partition);
    expect(await leaderOf(brokers, topics.PODTRAIL_TOPIC_SPANS, partition)).toBe(victim);
    const during = fire(PHASES[1]);
    // before the kill: the agent may retry against the dead leader while kafka.sh is still waiting
    // for the process to go
    const outputAtKill = pods[0]?.proc.output().length ?? 0;
    const killedPid = (await cluster?.kill(victim)) ?? 0;
    expect(killedPid).toBeGreaterThan(0);
    step(`killed node ${victim}`);
    await Promise.all([during, fire(PHASES[2])]);
    step('phases 1-2 sent');
    // writes continue once the controllers have fenced the dead broker and moved its leaderships
    await waitUntil(
      async () => (await leaderOf(brokers, topics.PODTRAIL_TOPIC_SPANS, partition)) !== victim,
      60_000,
      `a new leader for ${topics.PODTRAIL_TOPIC_SPANS}[${partition}]`,
    );
    step('new leader');
    await fire(PHASES[3]);
    step('phase 3 sent');
    // orders' agent did hit the dead leader (and carried on)
    expect(pods[0]?.proc.output().slice(outputAtKill)).toMatch(/kafka: .*retry \d|transport error/);

    const expected = Object.fromEntries(PODS.map((p) => [p.name, PER_POD]));
    type Velocity = { rows: { podName: string; count: number }[] };
    const from = Date.now() - 10 * 60_000;
    const counts = async () => {
      const { status, body } = await getJson<Velocity>(
        `${base}/api/v1/velocity?groupBy=pod&from=${from}&to=${Date.now() + 60_000}`,
        readToken,
      );
      return status === 200 ? Object.fromEntries(body.rows.map((r) => [r.podName, r.count])) : undefined;
    };
    // delivered while the pods run (no shutdown flush needed)
    let last: Record<string, number> | undefined;
    await waitUntil(
      async () => {
        last = await counts();
        return last && PODS.every((p) => last?.[p.name] === PER_POD) ? last : undefined;
      },
      60_000,
      'velocity counts to reach the number of requests sent',
    ).catch(async (err: unknown) => {
      // what was stored, what the span topic holds (a batch written twice by a producer shows
      // there), and the collector's last words (a stalled Kafka consumer shows there)
      const inTopic = await topicContents(brokers, topics.PODTRAIL_TOPIC_SPANS, 20_000).catch((e: unknown) =>
        String(e),
      );
      const exit = collector ? `${collector.child.exitCode} ${collector.child.signalCode}` : '';
      throw new Error(
        `${String(err)}; counts ${JSON.stringify(last)}; span topic ${JSON.stringify(inTopic)}; collector exit ${exit}:\n${collector?.output().slice(-4000)}`,
      );
    });
    expect(await counts()).toEqual(expected);
    step('counts reached');

    // nobody was restarted: the same agent and collector processes served and sent everything
    for (const p of pods) {
      expect(p.proc.child.exitCode).toBeNull();
      expect(p.proc.child.pid).toBe(p.pid);
    }
    expect(collector?.child.exitCode).toBeNull();

    const exits = await Promise.all(pods.map((p) => p.proc.stop('SIGTERM')));
    for (const e of exits) expect(e.signal === 'SIGTERM' || e.code === 143 || e.code === 0).toBe(true);
    // the shutdown's lifecycle events (with the final drop counts) are stored too
    for (const topic of [topics.PODTRAIL_TOPIC_LIFECYCLE, topics.PODTRAIL_TOPIC_SPANS])
      await waitUntil(
        async () => (await committed(brokers, group, topic)) === (await endOffsets(brokers, topic)),
        30_000,
        `the collector to commit all of ${topic}`,
      );
    // each export request the agents sent is in the span topic once: no produce retried after the
    // loss wrote its batch a second time (the agent's producer is idempotent)
    step('committed');
    const inTopic = await topicContents(brokers, topics.PODTRAIL_TOPIC_SPANS);
    step(`span topic ${JSON.stringify(inTopic)}`);
    expect(inTopic.records).toBeGreaterThan(0);
    expect(inTopic.duplicates).toBe(0);
    const stopped = await collector?.stop('SIGTERM');
    expect(stopped?.code === 0 || stopped?.signal === 'SIGTERM').toBe(true);

    const ch = store.client();
    try {
      const q = async <T>(query: string) => (await (await ch.query({ query, format: 'JSONEachRow' })).json()) as T[];
      // exactly once: no record lost with the dead leader, none written twice by a retry
      const perPod = await q<{ PodName: string; n: string; instances: string }>(
        `SELECT PodName, count() AS n, uniqExact(InstanceId) AS instances FROM ${db}.spans
         WHERE IsTransaction GROUP BY PodName ORDER BY PodName`,
      );
      expect(Object.fromEntries(perPod.map((r) => [r.PodName, Number(r.n)]))).toEqual(expected);
      for (const r of perPod) expect(Number(r.instances)).toBe(1);
      // the agents report what they dropped in their lifecycle events: nothing, in every one of them
      const drops = await q<{ PodName: string; events: string; dropped: string; starts: string }>(
        `SELECT PodName, countIf(mapContains(Attributes, 'podtrail.dropped.spans')) AS events,
                sumIf(toUInt64OrZero(Attributes['podtrail.dropped.spans']) + toUInt64OrZero(Attributes['podtrail.dropped.metrics'])
                      + toUInt64OrZero(Attributes['podtrail.dropped.events']), mapContains(Attributes, 'podtrail.dropped.spans')) AS dropped,
                uniqExact(InstanceId) AS starts
         FROM ${db}.lifecycle_events GROUP BY PodName ORDER BY PodName`,
      );
      expect(drops.map((r) => r.PodName)).toEqual(PODS.map((p) => p.name).sort());
      for (const r of drops) {
        expect(Number(r.events)).toBeGreaterThan(0);
        expect(Number(r.dropped)).toBe(0);
        expect(Number(r.starts)).toBe(1);
      }
    } finally {
      await ch.close();
    }
  }, 150_000); // waits on facts; a loaded machine makes the restart after the loss slow
});

import { encodeOtlp } from '@podtrail/contracts';
import { partitionForKey } from '@podtrail/contracts/partitioner';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openStore } from '../plugins/clickhouse.js';
import { type ClickHouseTarget, clickhouseTarget } from '../testing/clickhouse-target.js';
import {
  type CollectorProcess,
  collectorEnv,
  committed,
  committedByPartition,
  endOffsets,
  ensureBuilt,
  groupStable,
  startCollector,
} from '../testing/collector-process.js';
import { createTopics, produce, testProducer, uniqueSuffix, waitFor } from '../testing/ingest-harness.js';
import {
  agentHeaders,
  encodeTraces,
  metricsRequest,
  type PodSpec,
  podSpec,
  traceRequest,
} from '../testing/otlp-fixtures.js';

/**
 * Issue 4 acceptance: no loss and no duplicates when a collector is SIGKILLed mid-ingest and
 * restarted, and when one of two collectors in a group stops halfway. The collector runs as a
 * real child process (dist/server.js) with embedded chDB; counts are read after it exits.
 */
const brokers = inject('kafkaBrokers');
const RECORDS = 1500;
const TX_PER_RECORD = 5;
const SPANS_PER_TX = 4;
const SPANS = RECORDS * TX_PER_RECORD * SPANS_PER_TX; // 30,000
const METRIC_RECORDS = 300; // 2 points each
const PARTITIONS = 4;

/**
 * 8 pods, two keyed to each partition: every member of a group of two owns records, whatever
 * partitions it is assigned (random pod uids alone may leave a partition, or a member, empty).
 */
function podsOnEveryPartition(): PodSpec[] {
  const perPartition = Array.from({ length: PARTITIONS }, () => [] as PodSpec[]);
  for (let i = 0; perPartition.some((l) => l.length < 2); i++) {
    const pod = podSpec(i % 2 ? 'checkout' : 'cart', i);
    const list = perPartition[partitionForKey(pod.podUid, PARTITIONS)] as PodSpec[];
    if (list.length < 2) list.push(pod);
  }
  return perPartition.flat();
}

/** Waits until the group has committed all `total` span records and all metrics records. */
async function allCommitted(s: ReturnType<typeof setup>, total: number): Promise<void> {
  await waitFor(
    () => committed(brokers, s.group, s.topics.spans),
    (n) => n >= total,
    120_000,
    200,
  );
  await waitFor(
    () => committed(brokers, s.group, s.topics.metrics),
    (n) => n >= METRIC_RECORDS,
    60_000,
    200,
  );
}

function setup() {
  const suffix = uniqueSuffix();
  return {
    suffix,
    group: `eo-${suffix}`,
    topics: {
      spans: `eo-spans-${suffix}`,
      metrics: `eo-metrics-${suffix}`,
      lifecycle: `eo-lifecycle-${suffix}`,
      deadLetter: `eo-dlq-${suffix}`,
    },
    liveTopic: `eo-live-${suffix}`,
  };
}

async function produceLoad(topics: { spans: string; metrics: string }): Promise<void> {
  const pods = podsOnEveryPartition();
  const p = await testProducer(brokers);
  const start = Date.now() - 5 * 60_000;
  await produce(
    p,
    topics.spans,
    Array.from({ length: RECORDS }, (_, i) => {
      const pod = pods[i % pods.length] as PodSpec;
      return {
        key: pod.podUid,
        value: encodeTraces(
          traceRequest(pod, {
            transactions: TX_PER_RECORD,
            spansPerTransaction: SPANS_PER_TX,
            startMs: start + i * 50,
          }),
        ),
        headers: agentHeaders(pod.instanceId),
      };
    }),
  );
  await produce(
    p,
    topics.metrics,
    Array.from({ length: METRIC_RECORDS }, (_, i) => {
      const pod = pods[i % pods.length] as PodSpec;
      return {
        key: pod.podUid,
        value: Buffer.from(encodeOtlp('metrics', metricsRequest(pod, start + i * 1000))),
        headers: agentHeaders(pod.instanceId),
      };
    }),
  );
  await p.disconnect();
}

/** Opens a collector's store in this process (after the collector exited) and counts. */
async function countStored(
  target: ClickHouseTarget,
): Promise<{ spans: number; tx: number; txAgg: number; metrics: number }> {
  const config = loadConfig({ ...target.config, api: { authEnabled: false, bootstrapTokens: false } }, {});
  const store = openStore(config);
  const db = config.database;
  try {
    const q = async (sql: string) => {
      const rs = await store.ch.reader.query({ query: sql, format: 'JSONEachRow' });
      return Number(((await rs.json()) as { n: string }[])[0]?.n ?? 0);
    };
    return {
      spans: await q(`SELECT count() AS n FROM ${db}.spans`),
      tx: await q(`SELECT countIf(IsTransaction) AS n FROM ${db}.spans`),
      txAgg: await q(`SELECT sum(Count) AS n FROM ${db}.tx_1s`),
      metrics: await q(`SELECT count() AS n FROM ${db}.metrics`),
    };
  } finally {
    await store.close();
  }
}

async function stopGracefully(c: CollectorProcess): Promise<number | null> {
  c.signal('SIGTERM');
  return c.exited;
}

const procs: CollectorProcess[] = [];
const targets: ClickHouseTarget[] = [];
/** a store of its own per collector (a chDB dir, or a server database) */
function newTarget(prefix: string): ClickHouseTarget {
  const t = clickhouseTarget(prefix);
  targets.push(t);
  return t;
}
beforeAll(() => ensureBuilt());
afterAll(async () => {
  for (const p of procs) if (p.proc.exitCode === null) p.signal('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
  for (const t of targets) await t.cleanup();
});

describe('exactly once across crashes and scale-out', () => {
  it('SIGKILL in the middle of a large ingest, restart (with another batch size): exact counts', async () => {
    const s = setup();
    await createTopics(brokers, [s.topics.spans, s.topics.metrics, s.topics.lifecycle], PARTITIONS);
    await produceLoad(s.topics);
    const total = await endOffsets(brokers, s.topics.spans);
    expect(total).toBe(RECORDS);
    const store = newTarget('podtrail-eo-kill-');
    const spec = { brokers, store, group: s.group, topics: s.topics, liveTopic: s.liveTopic };

    // first run: small batches, slowed down, killed twice at different points
    for (const [fraction, rows] of [
      [0.15, '700'],
      [0.45, '1900'],
    ] as const) {
      const c = startCollector(
        collectorEnv({ ...spec, extra: { PODTRAIL_BATCH_MAX_ROWS: rows, PODTRAIL_INGEST_MAX_ROWS_PER_S: '3000' } }),
      );
      procs.push(c);
      const before = await committed(brokers, s.group, s.topics.spans);
      await waitFor(
        () => committed(brokers, s.group, s.topics.spans),
        (n) => n >= Math.max(before + 50, total * fraction),
        90_000,
        100,
      ).catch((err) => {
        console.log(c.output.join('').slice(-6000));
        throw err;
      });
      c.signal('SIGKILL');
      await c.exited;
    }
    const mid = await committed(brokers, s.group, s.topics.spans);
    expect(mid).toBeGreaterThan(0);
    expect(mid).toBeLessThan(total);

    // restart with a different batch size: the interrupted range is replayed with its intent
    const c = startCollector(collectorEnv({ ...spec, extra: { PODTRAIL_BATCH_MAX_ROWS: '5000' } }));
    procs.push(c);
    await allCommitted(s, total);
    expect(await stopGracefully(c)).toBe(0);
    expect(c.output.join('')).toContain('resuming an interrupted batch with its intent');

    const stored = await countStored(store);
    expect(stored).toEqual({
      spans: SPANS,
      tx: RECORDS * TX_PER_RECORD,
      txAgg: RECORDS * TX_PER_RECORD,
      metrics: METRIC_RECORDS * 2,
    });
  });

  it('two collectors in one group, one stopped halfway: exact counts', async () => {
    const s = setup();
    await createTopics(brokers, [s.topics.spans, s.topics.metrics, s.topics.lifecycle], PARTITIONS);
    const stores = [newTarget('podtrail-eo-a-'), newTarget('podtrail-eo-b-')];
    const start = (store: ClickHouseTarget) => {
      const c = startCollector(
        collectorEnv({
          brokers,
          store,
          group: s.group,
          topics: s.topics,
          liveTopic: s.liveTopic,
          extra: { PODTRAIL_BATCH_MAX_ROWS: '1000', PODTRAIL_INGEST_MAX_ROWS_PER_S: '3000' },
        }),
      );
      procs.push(c);
      return c;
    };
    const a = start(stores[0] as ClickHouseTarget);
    const b = start(stores[1] as ClickHouseTarget);
    await Promise.all([a.joined, b.joined]);
    // both members in the group (a re-joined after b came in) before the load arrives
    await groupStable(brokers, s.group, 2);
    await produceLoad(s.topics);
    const total = await endOffsets(brokers, s.topics.spans);
    // 40 % stored, and some of every partition: each collector has stored a part before a stops
    // (b alone, on a busy machine, could store 40 % before a's first batch)
    await waitFor(
      () => committedByPartition(brokers, s.group, s.topics.spans),
      (byPartition) =>
        byPartition.length === PARTITIONS &&
        byPartition.every((n) => n > 0) &&
        byPartition.reduce((x, n) => x + n, 0) >= total * 0.4,
      90_000,
      100,
    );
    expect(await stopGracefully(a)).toBe(0);
    // b takes over a's partitions at their committed offsets
    await allCommitted(s, total);
    expect(await stopGracefully(b)).toBe(0);

    const sa = await countStored(stores[0] as ClickHouseTarget);
    const sb = await countStored(stores[1] as ClickHouseTarget);
    expect(sa.spans).toBeGreaterThan(0);
    expect(sb.spans).toBeGreaterThan(0);
    expect({
      spans: sa.spans + sb.spans,
      tx: sa.tx + sb.tx,
      txAgg: sa.txAgg + sb.txAgg,
      metrics: sa.metrics + sb.metrics,
    }).toEqual({
      spans: SPANS,
      tx: RECORDS * TX_PER_RECORD,
      txAgg: RECORDS * TX_PER_RECORD,
      metrics: METRIC_RECORDS * 2,
    });
  });
});

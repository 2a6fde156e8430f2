import type { VelocityResponse, VelocityRow } from '@podtrail/contracts/api';
import { apdexFromLatency, apdexZone, bucketOfNs } from '@podtrail/contracts/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultApiConfig } from '../api-config.js';
import type { ChHandle } from '../store/query.js';
import { type ClickHouseTarget, clickhouseTarget } from '../testing/clickhouse-target.js';
import { closeQueryTest, insertSpans, openTarget, type SeedSpan } from '../testing/query-harness.js';
import { Histogram } from './histogram.js';
import { velocity } from './velocity.js';

/**
 * Velocity over windows that start and end mid-hour, mid-minute and mid-second reads whole hours
 * from tx_pod_1h, whole minutes from tx_1m and the rest from tx_1s: every pod's count, errors,
 * duration sum, min, max, percentiles and Apdex must equal what the raw transactions give (the
 * transactions that ended in the window's seconds), and a workload's figures the sum of its pods'.
 */
const H = 3_600_000;
const cfg = { ...defaultApiConfig(), apdexThresholdMs: 200, apdexThresholdMsByService: { cart: 50 } };
// nine hours of data ending an hour ago, on no whole second
const base = Math.floor(Date.now() / H) * H - 10 * H;
const PODS = [
  { service: 'web', namespace: 'shop', workload: 'web', pod: 'web-1' },
  { service: 'web', namespace: 'shop', workload: 'web', pod: 'web-2' },
  { service: 'cart', namespace: 'shop', workload: 'cart', pod: 'cart-1' },
  { service: 'cart', namespace: 'shop', workload: 'cart', pod: 'cart-2' },
];
interface Tx {
  pod: string;
  workload: string;
  service: string;
  endNs: bigint;
  durationNs: number;
  failed: boolean;
  route: string;
}
const txs: Tx[] = [];
const spans: SeedSpan[] = [];
for (const [pi, p] of PODS.entries())
  for (let i = 0; i < 9 * 37; i++) {
    // every 87.5 s or so, durations from 1 ms to ~2 s across many buckets, a failure every 7th
    const startNs = BigInt(base) * 1_000_000n + BigInt(i) * 87_503_000_123n + BigInt(pi) * 1_000_333_777n;
    const durationNs = 1_000_000 + ((i * 7919 + pi * 104_729) % 2_000) * 1_003_001;
    const failed = (i + pi) % 7 === 0;
    const route = i % 3 === 0 ? '/b' : '/a';
    txs.push({ ...p, endNs: startNs + BigInt(durationNs), durationNs, failed, route });
    spans.push({
      startNs,
      durationNs,
      traceId: (pi * 100_000 + i + 1).toString(16).padStart(32, '0'),
      spanId: (pi * 100_000 + i + 1).toString(16).padStart(16, '0'),
      name: `GET ${route}`,
      isTransaction: true,
      service: p.service,
      namespace: p.namespace,
      workload: p.workload,
      pod: p.pod,
      instance: `${p.pod}-i1`,
      status: failed ? 'Error' : 'Unset',
      route,
      httpStatus: 200,
    });
  }

let target: ClickHouseTarget | undefined;
let ch: ChHandle;

beforeAll(async () => {
  target = clickhouseTarget('podtrail-velocity-rollups-');
  ch = await openTarget(target);
  await insertSpans(ch, spans);
}, 120_000);

afterAll(() => closeQueryTest({ ch, target }));

/** What the raw transactions give for the pods of `key` in the window's whole seconds. */
function expected(fromMs: number, toMs: number, match: (t: Tx) => boolean, exactApdex: boolean) {
  const fromSec = BigInt(Math.floor(fromMs / 1000));
  const toSec = BigInt(Math.ceil(toMs / 1000));
  const byPod = new Map<string, Tx[]>();
  for (const t of txs) {
    const endSec = t.endNs / 1_000_000_000n;
    if (endSec < fromSec || endSec >= toSec || !match(t)) continue;
    byPod.set(t.pod, [...(byPod.get(t.pod) ?? []), t]);
  }
  const pods = new Map<string, Partial<VelocityRow>>();
  for (const [pod, list] of byPod) {
    const hist = new Histogram();
    let sumNs = 0;
    for (const t of list) {
      hist.add(bucketOfNs(t.durationNs), 1, t.failed ? 1 : 0);
      hist.addStats(t.durationNs, t.durationNs, t.durationNs);
      sumNs += t.durationNs;
    }
    const T = cfg.apdexThresholdMsByService[list[0]!.service as 'cart'] ?? cfg.apdexThresholdMs;
    const apdex = exactApdex ? { satisfied: 0, tolerating: 0, frustrated: 0 } : apdexFromLatency(hist.buckets(), T);
    if (exactApdex)
      for (const t of list) {
        const zone = apdexZone(t.durationNs / 1e6, T, t.failed);
        apdex[zone]++;
      }
    pods.set(pod, {
      count: list.length,
      errors: list.filter((t) => t.failed).length,
      avgMs: sumNs / list.length / 1e6,
      minMs: hist.minMs(),
      maxMs: hist.maxMs(),
      p50Ms: hist.quantileMs(0.5),
      p95Ms: hist.quantileMs(0.95),
      p99Ms: hist.quantileMs(0.99),
      apdex: { ...apdex, score: expect.any(Number) as unknown as number },
    });
  }
  return pods;
}

const pick = (r: VelocityRow) => ({
  count: r.count,
  errors: r.errors,
  avgMs: r.avgMs,
  minMs: r.minMs,
  maxMs: r.maxMs,
  p50Ms: r.p50Ms,
  p95Ms: r.p95Ms,
  p99Ms: r.p99Ms,
  apdex: r.apdex,
});

describe('velocity from the rollups equals the raw transactions', () => {
  const windows: Array<[string, number, number]> = [
    // longer than 6 h: Apdex estimated from the histograms, rounded per pod
    [
      '7 h 17 min, mid-hour, mid-minute, mid-second',
      base + H + 23 * 60_000 + 17_250,
      base + 8 * H + 41 * 60_000 + 3_500,
    ],
    // whole hours exactly
    ['whole hours', base + 2 * H, base + 9 * H],
    // up to 6 h: exact Apdex from spans
    ['2 h 10 min, mid-hour', base + 3 * H + 5 * 60_000 + 500, base + 5 * H + 15 * 60_000 + 5_999],
    ['under a minute', base + 4 * H + 30_250, base + 4 * H + 70_750],
  ];
  it.each(windows)('%s: each pod, and each workload as the sum of its pods', async (_name, fromMs, toMs) => {
    const exact = toMs - fromMs <= 6 * H;
    for (const route of [undefined, '/b']) {
      const want = expected(fromMs, toMs, (t) => route === undefined || t.route === route, exact);
      expect(want.size).toBeGreaterThan(0);
      const q = { from: String(fromMs), to: String(toMs), ...(route ? { route } : {}) };
      const byPod: VelocityResponse = await velocity(ch, cfg, { ...q, groupBy: 'pod' });
      expect(byPod.apdexSource).toBe(exact ? 'spans' : 'histogram');
      expect(Object.fromEntries(byPod.rows.map((r) => [r.podName, pick(r)]))).toEqual(Object.fromEntries(want));

      const byWorkload = await velocity(ch, cfg, { ...q, groupBy: 'workload' });
      for (const w of ['web', 'cart']) {
        const row = byWorkload.rows.find((r) => r.workload === w)!;
        const pods = byPod.rows.filter((r) => r.workload === w);
        const sum = (f: (r: VelocityRow) => number) => pods.reduce((n, r) => n + f(r), 0);
        expect([row.count, row.errors, row.podCount]).toEqual([sum((r) => r.count), sum((r) => r.errors), pods.length]);
        expect(row.apdex).toMatchObject({
          satisfied: sum((r) => r.apdex.satisfied),
          tolerating: sum((r) => r.apdex.tolerating),
          frustrated: sum((r) => r.apdex.frustrated),
        });
      }
    }
  });

  it('the whole hours of the window are in tx_pod_1h, one row per pod, route and hour', async () => {
    const rs = await ch.reader.query({
      query: `SELECT count() AS n, sum(arraySum(Latency.2)) AS c FROM ${ch.database}.tx_pod_1h
              WHERE Ts >= toDateTime({f:UInt32}) AND Ts < toDateTime({t:UInt32})`,
      query_params: { f: (base + 2 * H) / 1000, t: (base + 9 * H) / 1000 },
      format: 'JSONEachRow',
    });
    const [row] = (await rs.json()) as Array<{ n: string; c: string }>;
    const inHours = txs.filter((t) => {
      const s = Number(t.endNs / 1_000_000_000n);
      return s >= (base + 2 * H) / 1000 && s < (base + 9 * H) / 1000;
    });
    expect(Number(row!.c)).toBe(inHours.length);
    expect(Number(row!.n)).toBe(7 * PODS.length * 2);
  });

  it('pages: the busiest groups first, with the total, by default 500 of them', async () => {
    for (const groupBy of ['pod', 'workload'] as const) {
      const q = { from: String(base), to: String(base + 10 * H), groupBy };
      const all = await velocity(ch, cfg, q);
      const n = groupBy === 'pod' ? PODS.length : 2;
      expect([all.rows.length, all.total, all.limit, all.offset]).toEqual([n, n, 500, 0]);
      const ranked = [...all.rows].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
      expect(all.rows.map((r) => r.key)).toEqual(ranked.map((r) => r.key));
      const top = await velocity(ch, cfg, { ...q, limit: 1 });
      // offset alone pages with the default limit
      const rest = await velocity(ch, cfg, { ...q, offset: 1 });
      expect([...top.rows, ...rest.rows]).toEqual(all.rows);
      expect([top.total, top.limit, rest.total, rest.limit, rest.offset]).toEqual([n, 1, n, 500, 1]);
      // a page past the end keeps the total
      const past = await velocity(ch, cfg, { ...q, limit: 2, offset: n + 3 });
      expect([past.rows.length, past.total, past.offset]).toEqual([0, n, n + 3]);
    }
  });
});

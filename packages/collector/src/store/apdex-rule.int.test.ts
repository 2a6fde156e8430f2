import { apdexFromLatency, type LatencyBucketCount } from '@podtrail/contracts/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChHandle } from '../store/query.js';
import { type ClickHouseTarget, clickhouseTarget } from '../testing/clickhouse-target.js';
import { closeQueryTest, openTarget } from '../testing/query-harness.js';
import { renderSql } from './sql.js';

/**
 * The Apdex estimate from a histogram has a TypeScript form (live board, tests) and an SQL form
 * (velocity sums it per pod in ClickHouse): both must give the same counts for any histogram and
 * threshold, straddled buckets and their rounding included.
 */
let target: ClickHouseTarget | undefined;
let ch: ChHandle;
beforeAll(async () => {
  target = clickhouseTarget('podtrail-apdex-rule-');
  ch = await openTarget(target);
});
afterAll(() => closeQueryTest({ ch, target }));

describe('apdex_from_latency equals apdexFromLatency', () => {
  it('on 500 histograms and thresholds (on bucket edges, round and odd), straddled buckets rounded alike', async () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const cases: Array<{ h: LatencyBucketCount[]; t: number }> = [];
    for (let i = 0; i < 500; i++) {
      const h: LatencyBucketCount[] = [];
      for (let b = 20 + rnd(10); b < 90; b += 1 + rnd(4)) {
        const c = 1 + rnd(i % 3 === 0 ? 3 : 1000);
        h.push([b, c, rnd(c + 1) > c / 2 ? rnd(c + 1) : 0]);
      }
      // thresholds on bucket edges (2^(b/4) µs), round ms values and odd ones
      const t = i % 4 === 0 ? 2 ** ((36 + rnd(40)) / 4) / 1000 : i % 4 === 1 ? 50 * (1 + rnd(20)) : 0.1 + rnd(3000) / 7;
      cases.push({ h, t });
    }
    const rs = await ch.reader.query({
      query: renderSql(
        `SELECT n, {rule:apdex_from_latency(bs, cs, es, t)}
         FROM (SELECT arrayJoin(arrayEnumerate({ts:Array(Float64)})) AS n, {bss:Array(Array(UInt8))}[n] AS bs,
                      {css:Array(Array(UInt64))}[n] AS cs, {ess:Array(Array(UInt64))}[n] AS es, {ts:Array(Float64)}[n] AS t)
         ORDER BY n`,
        ch.database,
      ),
      query_params: {
        bss: cases.map((c) => c.h.map(([b]) => b)),
        css: cases.map((c) => c.h.map(([, n]) => n)),
        ess: cases.map((c) => c.h.map(([, , e]) => e)),
        ts: cases.map((c) => c.t),
      },
      format: 'JSONEachRow',
    });
    const got = ((await rs.json()) as Array<{ sat: string; tol: string; fru: string }>).map((r) => ({
      satisfied: Number(r.sat),
      tolerating: Number(r.tol),
      frustrated: Number(r.fru),
    }));
    expect(got).toEqual(cases.map((c) => apdexFromLatency(c.h, c.t)));
  });
});

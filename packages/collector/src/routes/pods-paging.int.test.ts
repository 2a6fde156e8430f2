import type { ErrorResponse, PodsResponse } from '@podtrail/contracts/api';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChHandle } from '../store/query.js';
import { type ClickHouseTarget, clickhouseTarget } from '../testing/clickhouse-target.js';
import { HOUR, MIN } from '../testing/query-fixture.js';
import { closeQueryTest, openTarget, readQueryApp } from '../testing/query-harness.js';

/**
 * GET /pods pages on the server (issue 14: the Pods page at 20,000 pods a day): exact pages in
 * every sort order, totals of the whole match on every page, and hostile paging parameters refused
 * with the field named. 2,500 pods, an older version of some that FINAL must hide.
 */
const READ = 'read-token-pods-paging-0001';
const N = 2500;
let target: ClickHouseTarget | undefined;
let ch: ChHandle;
let app: FastifyInstance;
const now = Date.now();
const base = now - 20 * HOUR;

interface Seeded {
  ns: string;
  name: string;
  firstSeen: number;
  endedAt: number | null;
  restarts: number;
}
const seeded: Seeded[] = Array.from({ length: N }, (_, i) => ({
  ns: i % 2 === 0 ? 'a' : 'b',
  name: `pod-${String(i).padStart(4, '0')}`,
  // a few share a first-seen time, so ties must break on the key
  firstSeen: base + Math.floor(i / 3) * 20_000,
  endedAt: i % 3 === 0 ? base + Math.floor(i / 3) * 20_000 + (5 + (i % 7)) * MIN : null,
  restarts: i % 4,
}));

const t3 = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

beforeAll(async () => {
  target = clickhouseTarget('podtrail-pods-paging-');
  ch = await openTarget(target);
  const row = (p: Seeded, version: number, state: string) => ({
    Namespace: p.ns,
    Workload: `w${Number(p.name.slice(4)) % 5}`,
    WorkloadKind: 'Deployment',
    ServiceName: `w${Number(p.name.slice(4)) % 5}`,
    PodName: p.name,
    PodUid: `uid-${p.name}`,
    NodeName: 'node-1',
    HostIp: '10.0.0.1',
    FirstSeen: t3(p.firstSeen),
    LastSeen: t3(p.endedAt ?? now),
    EndedAt: p.endedAt === null ? null : t3(p.endedAt),
    State: state,
    EndReason: p.endedAt === null ? '' : 'scale-in',
    InstanceCount: 1 + p.restarts,
    RestartCount: p.restarts,
    CurrentInstanceId: `${p.name}-i`,
    Version: version,
  });
  await ch.writer.insert({
    table: `\`${ch.database}\`.pods`,
    format: 'JSONEachRow',
    values: [
      ...seeded.filter((_, i) => i % 10 === 0).map((p) => ({ ...row(p, 1, 'crashed'), RestartCount: 99 })),
      ...seeded.map((p) => row(p, 2, p.endedAt === null ? 'running' : 'stopped')),
    ],
  });
  app = await readQueryApp(ch, READ);
}, 120_000);

afterAll(() => closeQueryTest({ app, ch, target }));

async function get(params: Record<string, string | number>) {
  const qs = new URLSearchParams(
    Object.entries({ from: base - HOUR, to: now, ...params }).map(([k, v]): [string, string] => [k, String(v)]),
  );
  return app.inject({ url: `/api/v1/pods?${qs}`, headers: { authorization: `Bearer ${READ}` } });
}
async function page(params: Record<string, string | number>): Promise<PodsResponse> {
  const res = await get(params);
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json() as PodsResponse;
}
async function allPages(params: Record<string, string | number>, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  for (let offset = 0; offset < N; offset += limit) {
    const r = await page({ ...params, limit, offset });
    expect(r.total).toBe(N);
    expect([r.limit, r.offset]).toEqual([limit, offset]);
    pages.push(r.pods.map((p) => `${p.namespace}/${p.podName}`));
  }
  return pages;
}
const key = (p: Seeded) => `${p.ns}/${p.name}`;
const byKey = (a: Seeded, b: Seeded) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.name < b.name ? -1 : 1);

describe('GET /pods pages on the server', () => {
  it('every page exact in the order asked for, with the totals of the whole match', async () => {
    const first = await page({ limit: 1 });
    expect(first.total).toBe(N);
    expect(first.running).toBe(seeded.filter((p) => p.endedAt === null).length);
    expect(first.restarts).toBe(seeded.reduce((n, p) => n + p.restarts, 0));

    const started = await allPages({ sort: 'started', order: 'asc' }, 1000);
    expect(started.map((p) => p.length)).toEqual([1000, 1000, 500]);
    expect(started.flat()).toEqual([...seeded].sort((a, b) => a.firstSeen - b.firstSeen || byKey(a, b)).map(key));

    const restarts = await allPages({ sort: 'restarts' }, 700);
    expect(restarts.map((p) => p.length)).toEqual([700, 700, 700, 400]);
    expect(restarts.flat()).toEqual([...seeded].sort((a, b) => b.restarts - a.restarts || byKey(a, b)).map(key));

    // ended: running pods (no end) last when ascending
    const ended = await allPages({ sort: 'ended', order: 'asc' }, 1250);
    const endKey = (p: Seeded) => p.endedAt ?? Number.MAX_SAFE_INTEGER;
    expect(ended.flat()).toEqual([...seeded].sort((a, b) => endKey(a) - endKey(b) || byKey(a, b)).map(key));

    // default: running first
    const dflt = (await allPages({}, 1250)).flat();
    const running = seeded.filter((p) => p.endedAt === null).length;
    expect(new Set(dflt).size).toBe(N);
    expect(dflt.slice(0, running).every((k) => seeded.find((p) => key(p) === k)?.endedAt === null)).toBe(true);
  });

  it('filters page too; past the end is an empty page with the same total', async () => {
    const match = seeded.filter((p) => p.name.includes('pod-1') && p.ns === 'b');
    const r = await page({ q: 'POD-1', namespace: 'b', sort: 'pod', limit: 100, offset: 100 });
    expect(r.total).toBe(match.length);
    expect(r.pods.map((p) => p.podName)).toEqual(
      match
        .map((p) => p.name)
        .sort()
        .slice(100, 200),
    );
    const past = await page({ limit: 100, offset: N });
    expect([past.total, past.pods.length]).toEqual([N, 0]);
  });

  it('refuses hostile paging parameters, naming the field', async () => {
    const cases: Array<[Record<string, string | number>, string]> = [
      [{ limit: 0 }, 'limit'],
      [{ limit: 5001 }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ offset: -1 }, 'offset'],
      [{ offset: 100_001 }, 'offset'],
      [{ sort: 'State' }, 'sort'],
      [{ sort: 'p DESC; DROP TABLE pods' }, 'sort'],
      [{ order: 'sideways' }, 'order'],
    ];
    for (const [params, field] of cases) {
      const res = await get(params);
      expect(res.statusCode, JSON.stringify(params)).toBe(400);
      expect((res.json() as ErrorResponse).field, JSON.stringify(params)).toBe(field);
    }
    // nothing was dropped
    expect((await page({ limit: 1 })).total).toBe(N);
  });
});

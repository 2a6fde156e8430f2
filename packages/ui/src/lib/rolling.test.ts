import { describe, expect, it } from 'vitest';
import type { LivePodRow, VelocityRow } from '../api/types.js';
import { RollingWindow } from './rolling.js';

const sec = (ts: number, podName: string, count: number, o: Partial<LivePodRow> = {}): LivePodRow => ({
  ts,
  serviceName: 'groupware',
  namespace: 'default',
  workload: 'groupware-demo',
  podName,
  instanceId: `${podName}-i1`,
  count,
  errors: 0,
  durationSumMs: count * 100,
  durationMaxMs: count ? 150 : 0,
  satisfied: count,
  tolerating: 0,
  frustrated: 0,
  ...o,
});

describe('RollingWindow', () => {
  it('aggregates ticks per pod over the last 60 seconds', () => {
    const w = new RollingWindow({ windowSec: 60 });
    const t0 = 1_700_000_000;
    for (let i = 0; i < 60; i++) {
      w.addTick(t0 + i, [sec(t0 + i, 'groupware-demo-10-4hjzk', 9), sec(t0 + i, 'groupware-demo-10-zh4w9', i % 2)]);
    }
    const s = w.stats();
    const a = s.get('default/groupware-demo-10-4hjzk')!;
    expect(a.count).toBe(540);
    expect(a.tps).toBeCloseTo(9, 10);
    expect(a.avgMs).toBeCloseTo(100, 10);
    expect(a.maxMs).toBe(150);
    expect(a.apdexClass).toBe('satisfying');
    expect(s.get('default/groupware-demo-10-zh4w9')!.count).toBe(30);
  });

  it('counts rows of open seconds (partial ticks) at once, exactly once when their second closes', () => {
    const w = new RollingWindow({ windowSec: 60 });
    const t0 = 1_700_000_000;
    for (let i = 0; i < 60; i++) w.addTick(t0 + i, [sec(t0 + i, 'p1', 1)]);
    expect(w.stats().get('default/p1')!.count).toBe(60);
    // second t0+61 still open at the hub: its first rows come in a partial tick; the window
    // moves to end there (t0 + 1 leaves it)
    w.addTick(t0 + 61, [sec(t0 + 61, 'p1', 5)], true);
    expect(w.nowSec).toBe(t0 + 59);
    expect(w.endSec).toBe(t0 + 61);
    expect(w.stats().get('default/p1')!.count).toBe(58 + 5);
    w.addTick(t0 + 61, [sec(t0 + 61, 'p1', 2)], true);
    w.addTick(t0 + 60, [sec(t0 + 60, 'p1', 1)]);
    // the closing tick of t0+61 carries only the rest
    w.addTick(t0 + 61, [sec(t0 + 61, 'p1', 3)]);
    expect(w.stats().get('default/p1')!.count).toBe(58 + 1 + 10);
    expect(w.series('default/p1', 2)).toEqual([1, 10]);
  });

  it('forgets the rows of open seconds when another hub takes over (it replays them itself)', () => {
    const w = new RollingWindow({ windowSec: 60 });
    const t0 = 1_700_000_000;
    w.addTick(t0, [sec(t0, 'p1', 4)]);
    w.addTick(t0 + 1, [sec(t0 + 1, 'p1', 2)], true);
    w.addTick(t0 + 2, [sec(t0 + 2, 'p1', 1)], true);
    expect(w.stats().get('default/p1')!.count).toBe(7);
    w.dropOpenSeconds();
    expect(w.endSec).toBe(t0);
    expect(w.stats().get('default/p1')!.count).toBe(4);
    // the new hub's replay of t0+1 (closed there)
    w.addTick(t0 + 1, [sec(t0 + 1, 'p1', 2)]);
    expect(w.stats().get('default/p1')!.count).toBe(6);
  });

  it('drops seconds that leave the window and keeps them for the chart history', () => {
    const w = new RollingWindow({ windowSec: 60, historySec: 120 });
    const t0 = 1_700_000_000;
    w.addTick(t0, [sec(t0, 'p1', 100)]);
    for (let i = 1; i <= 59; i++) w.addTick(t0 + i, []);
    expect(w.stats().get('default/p1')!.count).toBe(100);
    w.addTick(t0 + 60, [sec(t0 + 60, 'p1', 7)]);
    const p1 = w.stats().get('default/p1')!;
    expect(p1.count).toBe(7);
    expect(p1.lastActiveSec).toBe(t0 + 60);
    expect(w.series('default/p1', 61)[0]).toBe(100);
    expect(w.series('default/p1', 3)).toEqual([0, 0, 7]);
    for (let i = 61; i <= 180; i++) w.addTick(t0 + i, []);
    expect(w.stats().has('default/p1')).toBe(false);
  });

  it('sums the same second reported for two instances of one pod', () => {
    const w = new RollingWindow();
    const t = 1_700_000_100;
    w.addTick(t, [
      sec(t, 'p1', 3, { instanceId: 'a', errors: 1, frustrated: 1, satisfied: 2 }),
      sec(t, 'p1', 5, { instanceId: 'b', durationMaxMs: 900 }),
    ]);
    const p1 = w.stats().get('default/p1')!;
    expect(p1.count).toBe(8);
    expect(p1.errors).toBe(1);
    expect(p1.maxMs).toBe(900);
    expect(p1.instanceId).toBe('b');
    expect(p1.satisfied + p1.tolerating + p1.frustrated).toBe(8);
    expect(w.nowSec).toBe(t);
  });

  it('classes pods by Apdex from the S/T/F counts', () => {
    const w = new RollingWindow();
    const t = 1_700_000_000;
    w.addTick(t, [
      sec(t, 'slow', 10, { satisfied: 1, tolerating: 2, frustrated: 7 }),
      sec(t, 'mid', 10, { satisfied: 4, tolerating: 6, frustrated: 0 }),
    ]);
    const s = w.stats();
    expect(s.get('default/slow')!.apdexClass).toBe('frustrating');
    expect(s.get('default/mid')!.apdexClass).toBe('tolerating');
  });

  it('ignores rows older than the history', () => {
    const w = new RollingWindow({ windowSec: 60, historySec: 300 });
    w.addTick(1_700_001_000, []);
    w.addRows([sec(1_700_001_000 - 300, 'old', 5), sec(1_700_001_000 - 299, 'recent', 5)]);
    expect(w.keys()).toEqual(['default/recent']);
  });

  it('seeds from a velocity snapshot spread over its window, fading as time passes', () => {
    const w = new RollingWindow({ windowSec: 60 });
    const to = 1_700_000_060;
    const row = {
      key: 'default/p1',
      serviceName: 'groupware',
      namespace: 'default',
      workload: 'groupware-demo',
      podName: 'p1',
      podCount: 1,
      instanceCount: 1,
      state: 'running',
      endedAt: null,
      endReason: '',
      minMs: 10,
      apdexThresholdMs: 500,
      count: 600,
      errors: 60,
      tps: 10,
      avgMs: 200,
      p50Ms: 0,
      p95Ms: 0,
      p99Ms: 0,
      maxMs: 800,
      apdex: { satisfied: 600, tolerating: 0, frustrated: 0, score: 1 },
      apdexClass: 'satisfying',
    } satisfies VelocityRow;
    w.seed([row], to - 60, to);
    let p1 = w.stats().get('default/p1')!;
    expect(p1.count).toBeCloseTo(600, 6);
    expect(p1.errors).toBeCloseTo(60, 6);
    expect(p1.avgMs).toBeCloseTo(200, 6);
    expect(p1.tps).toBeCloseTo(10, 6);
    // a live row for a second the snapshot already covered is not counted twice
    w.addTick(to, [sec(to, 'p1', 99)]);
    expect(w.stats().get('default/p1')!.count).toBeCloseTo(600, 6);
    // 30 s later with 5 tx/s live: half the snapshot is left
    for (let i = 1; i <= 30; i++) w.addTick(to + i, [sec(to + i, 'p1', 5)]);
    p1 = w.stats().get('default/p1')!;
    expect(p1.count).toBeCloseTo(300 + 150, 6);
    for (let i = 31; i <= 60; i++) w.addTick(to + i, [sec(to + i, 'p1', 5)]);
    expect(w.stats().get('default/p1')!.count).toBeCloseTo(300, 6);
    // the chart shows measured seconds only
    expect(w.series('default/p1', 62).slice(0, 3)).toEqual([null, null, 5]);
  });
});

/** A small seeded PRNG (mulberry32): the same random ticks on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS = ['count', 'errors', 'durationSumMs', 'maxMs', 'satisfied', 'tolerating', 'frustrated', 'tps'] as const;

/** stats() (kept incrementally) against the window added up again from the buckets. */
function expectSameAsRecomputed(w: RollingWindow, exact: boolean, step: string) {
  const got = w.stats();
  const want = w.statsRecomputed();
  expect([...got.keys()].sort(), step).toEqual([...want.keys()].sort());
  const wrong: string[] = [];
  const same = (a: number, b: number) =>
    exact ? Object.is(a, b) : (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) < 1e-6;
  for (const [key, b] of want) {
    const a = got.get(key)!;
    for (const f of FIELDS) if (!same(a[f], b[f])) wrong.push(`${key} ${f}: ${a[f]} vs ${b[f]}`);
    if (exact && !same(a.avgMs, b.avgMs)) wrong.push(`${key} avgMs: ${a.avgMs} vs ${b.avgMs}`);
    if (exact && a.apdexClass !== b.apdexClass) wrong.push(`${key} apdex: ${a.apdexClass} vs ${b.apdexClass}`);
    if (a.lastActiveSec !== b.lastActiveSec || a.instanceId !== b.instanceId) wrong.push(`${key} meta`);
  }
  expect(wrong, step).toEqual([]);
}

function velocityRow(podName: string, count: number, rnd: () => number): VelocityRow {
  const satisfied = Math.floor(count * rnd());
  const tolerating = Math.floor((count - satisfied) * rnd());
  return {
    key: `default/${podName}`,
    serviceName: 'groupware',
    namespace: 'default',
    workload: 'groupware-demo',
    podName,
    podCount: 1,
    instanceCount: 1,
    state: 'running',
    endedAt: null,
    endReason: '',
    minMs: 1,
    apdexThresholdMs: 500,
    count,
    errors: Math.floor(count * rnd() * 0.1),
    tps: count / 60,
    avgMs: 10 + 500 * rnd(),
    p50Ms: 0,
    p95Ms: 0,
    p99Ms: 0,
    maxMs: 2000 * rnd(),
    apdex: { satisfied, tolerating, frustrated: count - satisfied - tolerating, score: 0 },
    apdexClass: 'satisfying',
  };
}

describe('RollingWindow: incremental window sums equal the sums recomputed from the buckets', () => {
  /**
   * Random ticks over 12 pods for ~7 minutes: closing and partial ticks, rows of late and
   * out-of-order seconds, seconds skipped, a hub change dropping the open seconds, a REST snapshot
   * (floor) mid-way, gaps longer than the window and than the history.
   */
  function run(seed: number, withSnapshots: boolean) {
    const rnd = random(seed);
    const pods = Array.from({ length: 12 }, (_, i) => `p${i}`);
    const w = new RollingWindow({ windowSec: 60, historySec: 120 });
    const row = (ts: number, p: string) => {
      const count = Math.floor(rnd() * 20);
      const satisfied = Math.floor(count * rnd());
      const tolerating = Math.floor((count - satisfied) * rnd());
      return sec(ts, p, count, {
        instanceId: `${p}-i${Math.floor(rnd() * 2)}`,
        errors: Math.floor(count * rnd() * 0.3),
        durationSumMs: count * Math.floor(1 + rnd() * 900),
        durationMaxMs: Math.floor(rnd() * 3000),
        satisfied,
        tolerating,
        frustrated: count - satisfied - tolerating,
      });
    };
    const some = (ts: number) => pods.filter(() => rnd() < 0.5).map((p) => row(ts, p));
    let t = 1_700_000_000;
    for (let step = 0; step < 420; step++) {
      const r = rnd();
      if (r < 0.5) {
        // the next second closes; its rows may have come in partial ticks already
        t += 1;
        w.addTick(t, some(t));
      } else if (r < 0.75) w.addTick(t + 1, some(t + 1), true);
      else if (r < 0.85) {
        // late rows: seconds already closed (some left the window, some beyond the history)
        const late = t - Math.floor(rnd() * 150);
        w.addRows(some(late));
      } else if (r < 0.9) {
        // seconds without a tick, sometimes longer than the window or the history
        t += rnd() < 0.8 ? Math.floor(rnd() * 10) : Math.floor(60 + rnd() * 100);
        w.addTick(t, some(t));
      } else if (r < 0.93) w.dropOpenSeconds();
      else if (r < 0.96 && withSnapshots) {
        w.seed(
          pods.filter(() => rnd() < 0.5).map((p) => velocityRow(p, Math.floor(rnd() * 3000), rnd)),
          t - 60,
          t,
        );
      } else if (r < 0.97) {
        // an update with rows only for the open second, then its closing tick with none
        w.addTick(t + 1, some(t + 1), true);
        t += 1;
        w.addTick(t, []);
      }
      expectSameAsRecomputed(w, !withSnapshots, `seed ${seed} step ${step}`);
    }
  }

  for (const seed of [1, 2, 3, 42, 2026]) {
    it(`live ticks only (exact), random run ${seed}`, () => run(seed, false));
    it(`with REST snapshot floors (fractions), random run ${seed}`, () => run(seed, true));
  }

  it('keeps the objects of pods that did not change, and the same map while nothing changed', () => {
    const w = new RollingWindow({ windowSec: 60 });
    const t0 = 1_700_000_000;
    w.addTick(t0, [sec(t0, 'a', 3), sec(t0, 'b', 4)]);
    const s1 = w.stats();
    expect(w.stats()).toBe(s1);
    w.addTick(t0 + 1, [sec(t0 + 1, 'a', 1)], true);
    const s2 = w.stats();
    expect(s2).not.toBe(s1);
    expect(s2.get('default/b')).toBe(s1.get('default/b'));
    expect(s2.get('default/a')!.count).toBe(4);
    expect(s1.get('default/a')!.count).toBe(3);
  });

  it('finds the window max again when the second holding it leaves', () => {
    const w = new RollingWindow({ windowSec: 3 });
    const t0 = 1_700_000_000;
    w.addTick(t0, [sec(t0, 'a', 1, { durationMaxMs: 900 })]);
    w.addTick(t0 + 1, [sec(t0 + 1, 'a', 1, { durationMaxMs: 200 })]);
    w.addTick(t0 + 2, [sec(t0 + 2, 'a', 1, { durationMaxMs: 300 })]);
    expect(w.stats().get('default/a')!.maxMs).toBe(900);
    w.addTick(t0 + 3, []);
    expect(w.stats().get('default/a')!.maxMs).toBe(300);
    w.addTick(t0 + 5, []);
    expect(w.stats().get('default/a')!.count).toBe(0);
    expect(w.stats().get('default/a')!.maxMs).toBe(0);
  });
});

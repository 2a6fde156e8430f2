import { describe, expect, it } from 'vitest';
import type { LivePodRow, PodTransition, VelocityRow } from '../api/types.js';
import {
  applyTransition,
  BoardRowCache,
  boardVelocityQuery,
  buildBoard,
  type PodMeta,
  statsFromVelocity,
} from './board.js';
import { RollingWindow } from './rolling.js';

const NOW = 1_700_000_600_000;
const meta = (podName: string, workload: string, o: Partial<PodMeta> = {}): PodMeta => ({
  namespace: 'default',
  workload,
  serviceName: workload.replace('-demo', ''),
  podName,
  nodeName: 'node-1',
  hostIp: '10.0.0.1',
  state: 'running',
  endReason: '',
  firstSeenMs: NOW - 3_600_000,
  lastSeenMs: NOW,
  endedAtMs: null,
  instanceCount: 1,
  restartCount: 0,
  asOfMs: NOW - 10_000,
  ...o,
});
const sec = (podName: string, workload: string, count: number, o: Partial<LivePodRow> = {}): LivePodRow => ({
  ts: NOW / 1000,
  serviceName: workload.replace('-demo', ''),
  namespace: 'default',
  workload,
  podName,
  instanceId: 'i',
  count,
  errors: 0,
  durationSumMs: count * 50,
  durationMaxMs: 80,
  satisfied: count,
  tolerating: 0,
  frustrated: 0,
  ...o,
});

describe('buildBoard', () => {
  it('groups one row per pod by workload, idle running pods included, recently ended greyed', () => {
    const w = new RollingWindow();
    w.addTick(NOW / 1000, [
      sec('groupware-demo-10-4hjzk', 'groupware-demo', 30, { errors: 3 }),
      sec('groupware-demo-10-zh4w9', 'groupware-demo', 60, { satisfied: 10, frustrated: 50 }),
      sec('portal-demo-1-abcde', 'portal-demo', 6),
    ]);
    const pods = [
      meta('groupware-demo-10-4hjzk', 'groupware-demo'),
      meta('groupware-demo-10-zh4w9', 'groupware-demo'),
      meta('groupware-demo-10-idle1', 'groupware-demo'),
      meta('groupware-demo-10-gone1', 'groupware-demo', {
        state: 'killed',
        endReason: 'no heartbeat',
        endedAtMs: NOW - 60_000,
      }),
      meta('groupware-demo-10-old01', 'groupware-demo', { state: 'stopped', endedAtMs: NOW - 3_600_000 }),
      meta('portal-demo-1-abcde', 'portal-demo', { restartCount: 6, instanceCount: 7 }),
    ];
    const groups = buildBoard(w.stats().values(), pods, { nowMs: NOW });
    expect(groups.map((g) => g.workload)).toEqual(['groupware-demo', 'portal-demo']);
    const gw = groups[0]!;
    expect(gw.rows.map((r) => r.label)).toEqual(['gro..4hjzk', 'gro..idle1', 'gro..zh4w9', 'gro..gone1']);
    expect(gw.rows.map((r) => r.count)).toEqual([30, 0, 60, 0]);
    expect(gw.rows.map((r) => r.apdexClass)).toEqual(['satisfying', 'idle', 'frustrating', 'idle']);
    expect(gw.rows[3]).toMatchObject({ ended: true, endReason: 'no heartbeat', state: 'killed' });
    expect(gw).toMatchObject({ count: 90, errors: 3, running: 3, ended: 1 });
    expect(gw.tps).toBeCloseTo(1.5, 10);
    expect(gw.avgMs).toBeCloseTo(50, 10);
    expect(groups[1]!.rows[0]).toMatchObject({ restartCount: 6, tps: 0.1, count: 6 });
  });

  it('shows pods seen only in the live stream, and applies transitions before /pods knows', () => {
    const w = new RollingWindow();
    w.addTick(NOW / 1000, [sec('new-pod-xyz12', 'new', 4)]);
    const pods = new Map<string, PodMeta>();
    const t = (
      transition: PodTransition['transition'],
      toState: PodTransition['toState'],
      reason = '',
      dt = 0,
    ): PodTransition => ({
      ts: new Date(NOW + dt).toISOString(),
      namespace: 'default',
      workload: 'portal-demo',
      serviceName: 'portal',
      podName: 'portal-demo-1-qqqqq',
      instanceId: 'i1',
      transition,
      fromState: '',
      toState,
      reason,
      message: '',
    });
    applyTransition(pods, t('started', 'running'));
    let groups = buildBoard(w.stats().values(), pods.values(), { nowMs: NOW });
    expect(groups.flatMap((g) => g.rows.map((r) => `${r.podName}:${r.ended}`))).toEqual([
      'new-pod-xyz12:false',
      'portal-demo-1-qqqqq:false',
    ]);
    applyTransition(pods, t('crashed', 'crashed', 'TypeError: x is undefined', 500));
    groups = buildBoard(w.stats().values(), pods.values(), { nowMs: NOW });
    expect(groups[1]!.rows[0]).toMatchObject({ ended: true, endReason: 'TypeError: x is undefined' });
    applyTransition(pods, t('restarted', 'running', 'crash', 1000));
    groups = buildBoard(w.stats().values(), pods.values(), { nowMs: NOW });
    expect(groups[1]!.rows[0]).toMatchObject({ ended: false, restartCount: 1 });
    // replayed (not newer) transitions change nothing
    applyTransition(pods, t('restarted', 'running', 'crash', 1000));
    applyTransition(pods, t('crashed', 'crashed', 'old', 500));
    expect(pods.get('default/portal-demo-1-qqqqq')).toMatchObject({ state: 'running', restartCount: 1 });
  });

  it('does not re-apply a transition a /pods record already reflects', () => {
    const pods = new Map<string, PodMeta>([
      ['default/p', meta('p', 'w', { state: 'running', restartCount: 2, asOfMs: NOW })],
    ]);
    const tr = (
      ts: number,
      transition: PodTransition['transition'],
      toState: PodTransition['toState'],
    ): PodTransition => ({
      ts: new Date(ts).toISOString(),
      namespace: 'default',
      workload: 'w',
      serviceName: 'w',
      podName: 'p',
      instanceId: 'i',
      transition,
      fromState: '',
      toState,
      reason: 'x',
      message: '',
    });
    applyTransition(pods, tr(NOW - 5000, 'restarted', 'running'));
    expect(pods.get('default/p')!.restartCount).toBe(2);
    applyTransition(pods, tr(NOW + 5000, 'killed', 'killed'));
    expect(pods.get('default/p')).toMatchObject({ state: 'killed', endReason: 'x', endedAtMs: NOW + 5000 });
  });
});

describe('buildBoard with the previous rows', () => {
  it('keeps the row objects of pods whose stats and record did not change', () => {
    const w = new RollingWindow();
    const t = NOW / 1000;
    w.addTick(t, [sec('a-1', 'a', 3), sec('a-2', 'a', 4)]);
    const pods = [meta('a-1', 'a'), meta('a-2', 'a'), meta('a-3', 'a')];
    const reuse = new BoardRowCache();
    const first = buildBoard(w.stats().values(), pods, { nowMs: NOW, reuse })[0]!.rows;
    w.addTick(t + 1, [sec('a-2', 'a', 1, { ts: t + 1 })], true);
    const second = buildBoard(w.stats().values(), pods, { nowMs: NOW, reuse })[0]!.rows;
    expect(second.map((r) => r.count)).toEqual([3, 5, 0]);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[2]).toBe(first[2]);
    // a new record of the pod (from /pods or a transition) makes a new row, with the same numbers
    const ended = [pods[0]!, pods[1]!, meta('a-3', 'a', { state: 'killed', endedAtMs: NOW - 1000 })];
    const third = buildBoard(w.stats().values(), ended, { nowMs: NOW, reuse })[0]!.rows;
    expect(third.map((r) => `${r.podName}:${r.ended}`)).toEqual(['a-1:false', 'a-2:false', 'a-3:true']);
    expect(third[0]).toBe(first[0]);
    expect(third[2]).not.toBe(first[2]);
    // the same rows as a build without the cache
    expect(third).toEqual(buildBoard(w.stats().values(), ended, { nowMs: NOW })[0]!.rows);
  });
});

describe('the board’s velocity query', () => {
  it('asks per pod without idle pods, in the scope given, in the largest page', () => {
    expect(boardVelocityQuery(1000, 61_000, { workload: 'web' })).toEqual({
      from: 1000,
      to: 61_000,
      groupBy: 'pod',
      includeIdle: false,
      limit: 5000,
      workload: 'web',
    });
  });

  it('idle pods in the answer would change no row: the board is the same without them', () => {
    const v = (podName: string, count: number): VelocityRow => ({
      key: `default/${podName}`,
      serviceName: 'web',
      namespace: 'default',
      workload: 'web',
      podName,
      podCount: 1,
      instanceCount: 1,
      state: 'running',
      endedAt: null,
      endReason: '',
      minMs: count ? 5 : Number.NaN,
      apdexThresholdMs: 500,
      count,
      errors: count ? 1 : 0,
      tps: count / 300,
      avgMs: count ? 40 : Number.NaN,
      p50Ms: 0,
      p95Ms: 0,
      p99Ms: 0,
      maxMs: count ? 90 : Number.NaN,
      apdex: { satisfied: count, tolerating: 0, frustrated: 0, score: count ? 1 : Number.NaN },
      apdexClass: count ? 'satisfying' : 'none',
    });
    // web-2 runs without traffic (known from /pods), web-9 had no traffic and is not in /pods
    const pods = [
      meta('web-1', 'web'),
      meta('web-2', 'web'),
      meta('web-3', 'web', { state: 'stopped', endedAtMs: NOW - 60_000 }),
    ];
    const busy = [v('web-1', 30)];
    const withIdle = [...busy, v('web-2', 0), v('web-3', 0), v('web-9', 0)];
    const board = (rows: VelocityRow[]) => buildBoard(statsFromVelocity(rows, 300), pods, { nowMs: NOW });
    expect(board(busy)[0]!.rows.map((r) => r.podName)).toEqual(['web-1', 'web-2', 'web-3']);
    // a row's max shows only with transactions (its hover text): NaN or 0 without is the same board
    const shown = (groups: ReturnType<typeof board>) =>
      groups.map((g) => ({ ...g, rows: g.rows.map((r) => ({ ...r, maxMs: r.count > 0 ? r.maxMs : 'not shown' })) }));
    expect(shown(board(busy))).toEqual(shown(board(withIdle)));
  });
});

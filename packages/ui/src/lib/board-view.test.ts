import { describe, expect, it } from 'vitest';
import { type BoardGroup, type BoardRow, buildBoard, type PodMeta, type PodStats } from './board.js';
import { byImportance, toggled, topRows, viewBoard } from './board-view.js';

const NOW = 1_700_000_600_000;
const meta = (podName: string, workload: string, o: Partial<PodMeta> = {}): PodMeta => ({
  namespace: 'prod',
  workload,
  serviceName: workload,
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
const stats = (podName: string, workload: string, tps: number, o: Partial<PodStats> = {}): PodStats => ({
  key: `prod/${podName}`,
  namespace: 'prod',
  workload,
  serviceName: workload,
  podName,
  count: tps * 60,
  errors: 0,
  tps,
  avgMs: 20,
  maxMs: 40,
  satisfied: tps * 60,
  tolerating: 0,
  frustrated: 0,
  apdexClass: tps > 0 ? 'satisfying' : 'idle',
  apdexScore: 1,
  ...o,
});
const name = (i: number) => `web-${String(i).padStart(3, '0')}`;

/** 200 web pods (pod i at i/10 TPS; 150 and 7 in trouble), 3 api pods. */
function fleet(): BoardGroup[] {
  const pods = [
    ...Array.from({ length: 200 }, (_, i) => meta(name(i), 'web')),
    meta('api-1', 'api'),
    meta('api-2', 'api'),
    meta('api-3', 'api'),
  ];
  const s = Array.from({ length: 200 }, (_, i) => stats(name(i), 'web', i / 10));
  s[150] = stats(name(150), 'web', 15, { apdexClass: 'frustrating', frustrated: 900, satisfied: 0 });
  s[7] = stats(name(7), 'web', 0.7, { errors: 5 });
  s.push(stats('api-1', 'api', 1), stats('api-2', 'api', 2), stats('api-3', 'api', 3));
  return buildBoard(s, pods, { nowMs: NOW });
}
const names = (rows: BoardRow[]) => rows.map((r) => r.podName);

describe('top N pods per workload', () => {
  it('keeps the worst and busiest pods, in the board order, and counts the rest', () => {
    const [api, web] = viewBoard(fleet(), { topN: 20, collapsed: new Set(), expanded: new Set() });
    expect(api?.group.workload).toBe('api');
    expect(names(api!.visible)).toEqual(['api-1', 'api-2', 'api-3']);
    expect(api!.hidden).toBe(0);
    expect(web?.hidden).toBe(180);
    // frustrating first, then errors, then the 18 busiest (199 .. 182); shown in name order
    const expected = [name(7), name(150), ...Array.from({ length: 18 }, (_, i) => name(182 + i))].sort();
    expect(names(web!.visible)).toEqual(expected);
  });

  it('ended pods come after running ones; equal pods by name', () => {
    const [web] = buildBoard(
      [stats('b', 'web', 1), stats('a', 'web', 1), stats('c', 'web', 9)],
      [meta('a', 'web'), meta('b', 'web'), meta('c', 'web', { state: 'stopped', endedAtMs: NOW - 1000 })],
      { nowMs: NOW },
    );
    expect(names([...web!.rows].sort(byImportance))).toEqual(['a', 'b', 'c']);
    expect(names(topRows(web!.rows, 2))).toEqual(['a', 'b']);
    expect(names(topRows(web!.rows, 0))).toEqual([]);
    expect(names(topRows(web!.rows, 5))).toEqual(['a', 'b', 'c']);
  });
});

describe('collapse and expand', () => {
  it('a collapsed workload shows no pods and hides all of them; an expanded one shows all', () => {
    const groups = fleet();
    const collapsed = toggled(new Set(), 'prod/api');
    const expanded = toggled(new Set(), 'prod/web');
    const [api, web] = viewBoard(groups, { topN: 20, collapsed, expanded });
    expect([api!.collapsed, api!.visible.length, api!.hidden]).toEqual([true, 0, 3]);
    expect([web!.collapsed, web!.visible.length, web!.hidden]).toEqual([false, 200, 0]);
    // toggling twice restores
    const again = viewBoard(groups, {
      topN: 20,
      collapsed: toggled(collapsed, 'prod/api'),
      expanded: toggled(expanded, 'prod/web'),
    });
    expect(again.map((v) => [v.collapsed, v.visible.length, v.hidden])).toEqual([
      [false, 3, 0],
      [false, 20, 180],
    ]);
  });
});

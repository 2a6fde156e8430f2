import { describe, expect, it } from 'vitest';
import type { BoardRow } from './board.js';
import { barShare, columns, paintRows, ROW_GEOMETRY, rowLabel } from './board-rows-paint.js';

const row = (o: Partial<BoardRow> = {}): BoardRow => ({
  key: 'shop/checkout-7d4b9c8f5-4hjzk',
  namespace: 'shop',
  workload: 'checkout',
  serviceName: 'checkout',
  podName: 'checkout-7d4b9c8f5-4hjzk',
  label: 'che..4hjzk',
  state: 'running',
  ended: false,
  endReason: '',
  endedAtMs: null,
  count: 1234,
  errors: 3,
  tps: 20.5,
  avgMs: 42,
  maxMs: 90,
  apdexClass: 'satisfying',
  apdexScore: 0.98,
  restartCount: 0,
  instanceCount: 1,
  ...o,
});

/** Records the calls a paint makes (a 2D context double: this module's unit test only). */
function recorder() {
  const calls: string[] = [];
  const ctx = {
    font: '',
    fillStyle: '' as unknown,
    textAlign: '',
    textBaseline: '',
    clearRect: (x: number, y: number, w: number, h: number) => calls.push(`clear ${x},${y},${w},${h}`),
    createLinearGradient: () => ({ addColorStop: () => {} }),
    fillRect: (x: number, y: number, w: number, h: number) => calls.push(`rect ${x},${y},${w},${h}`),
    fillText: (t: string, x: number, y: number) => calls.push(`text ${t}@${x},${y}`),
  };
  return { calls, ctx: ctx as unknown as CanvasRenderingContext2D };
}

const palette = {
  text: '#d0d7de',
  textStrong: '#eef2f6',
  dim: '#5c6773',
  satisfying: '#3fb950',
  tolerating: '#f0883e',
  frustrating: '#f85149',
  mono: 'monospace',
};

describe('board rows paint', () => {
  it('lays the number columns out as styles.css .vrow does, right-aligned after the bar', () => {
    // 1000 px canvas: 76 + 70 + 70 + 56 columns and four 10 px gaps on the right
    expect(columns(1000, ROW_GEOMETRY.normal)).toEqual({ barWidth: 688, rightEdges: [774, 854, 934, 1000] });
    expect(columns(100, ROW_GEOMETRY.normal).barWidth).toBe(0);
  });

  it('sizes bars against the busiest pod; idle and ended pods get none, a slow one a sliver', () => {
    expect(barShare(row({ tps: 10 }), 20)).toBe(0.5);
    expect(barShare(row({ tps: 0 }), 20)).toBe(0);
    expect(barShare(row({ tps: 0.01 }), 100)).toBe(0.015);
    expect(barShare(row({ tps: 10, ended: true }), 20)).toBe(0);
  });

  it('paints one bar and four numbers per row, row under row', () => {
    const { calls, ctx } = recorder();
    paintRows(ctx, [row(), row({ key: 'b', tps: 0, count: 0, errors: 0, avgMs: Number.NaN, apdexClass: 'idle' })], {
      width: 1000,
      maxTps: 41,
      geometry: ROW_GEOMETRY.normal,
      palette,
    });
    expect(calls).toEqual([
      'clear 0,0,1000,48',
      'rect 0,6,344,12',
      'text 20.5tps@774,12',
      'text 42ms@854,12',
      'text 1,234@934,12',
      'text 3@1000,12',
      'text 0tps@774,36',
      'text –@854,36',
      'text 0@934,36',
      'text 0@1000,36',
    ]);
  });

  it('paints again only the rows that changed when the canvas still shows the others', () => {
    const { calls, ctx } = recorder();
    const a = row({ key: 'a' });
    const b = row({ key: 'b', tps: 10, count: 600, errors: 0 });
    const b2 = { ...b, count: 601 };
    const o = { width: 1000, maxTps: 41, geometry: ROW_GEOMETRY.normal, palette };
    paintRows(ctx, [a, b2], { ...o, unchanged: [a, b] });
    expect(calls).toEqual([
      'clear 0,24,1000,24',
      'rect 0,30,167.8048780487805,12',
      'text 10.0tps@774,36',
      'text 42ms@854,36',
      'text 601@934,36',
      'text 0@1000,36',
    ]);
  });

  it('gives screen readers the numbers the canvas shows', () => {
    expect(rowLabel(row())).toBe('che..4hjzk: 20.5tps, 42ms, 1,234 transactions, 3 errors');
    expect(rowLabel(row({ errors: 0 }))).toBe('che..4hjzk: 20.5tps, 42ms, 1,234 transactions, no errors');
  });
});

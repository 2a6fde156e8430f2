import { describe, expect, it } from 'vitest';
import {
  cellBox,
  cellColor,
  columnCount,
  countInSelection,
  type HeatmapGrid,
  latencyTicks,
  latencyToY,
  type PlotRect,
  rectToSelection,
  rowCount,
  selectionBox,
  selectionFromRange,
  xToTime,
  yToLatency,
} from './heatmap-geometry.js';

// 10 columns of 1 minute, 4 rows with edges 1, 10, 100, 1000, 10000 ms
const grid: HeatmapGrid = {
  fromMs: 1_700_000_000_000,
  toMs: 1_700_000_600_000,
  stepMs: 60_000,
  boundsMs: [1, 10, 100, 1000, 10_000],
};
const rect: PlotRect = { left: 50, top: 10, width: 500, height: 200 };

describe('heatmap geometry', () => {
  it('maps buckets to pixel cells, row 0 at the bottom', () => {
    expect(columnCount(grid)).toBe(10);
    expect(rowCount(grid)).toBe(4);
    expect(cellBox(grid, rect, 0, 0)).toEqual({ x: 50, y: 160, w: 50, h: 50 });
    expect(cellBox(grid, rect, 9, 3)).toEqual({ x: 500, y: 10, w: 50, h: 50 });
    expect(cellBox(grid, rect, 4, 2)).toEqual({ x: 250, y: 60, w: 50, h: 50 });
  });

  it('places latencies on a log scale inside their bucket and inverts it', () => {
    expect(latencyToY(grid, rect, 1)).toBe(210);
    expect(latencyToY(grid, rect, 10)).toBeCloseTo(160, 9);
    expect(latencyToY(grid, rect, 100 * Math.sqrt(10))).toBeCloseTo(85, 9);
    expect(latencyToY(grid, rect, 10_000)).toBe(10);
    expect(latencyToY(grid, rect, 99_999)).toBe(10);
    expect(yToLatency(grid, rect, 85)).toBeCloseTo(100 * Math.sqrt(10), 6);
    expect(yToLatency(grid, rect, 210)).toBeCloseTo(1, 9);
    expect(xToTime(grid, rect, 300)).toBe(grid.fromMs + 300_000);
    expect(xToTime(grid, rect, 0)).toBe(grid.fromMs);
  });

  it('turns a dragged rectangle into whole cells: time x latency range', () => {
    // drag from inside cell (2, row 2) to inside cell (4, row 1), dragged upward-left
    const s = rectToSelection(grid, rect, 260, 130, 160, 70);
    expect(s).toMatchObject({ colFrom: 2, colTo: 4, rowFrom: 1, rowTo: 2 });
    expect(s.fromMs).toBe(grid.fromMs + 120_000);
    expect(s.toMs).toBe(grid.fromMs + 300_000);
    expect(s.minMs).toBe(10);
    expect(s.maxMs).toBe(1000);
    expect(selectionBox(grid, rect, s)).toEqual({ x: 150, y: 60, w: 150, h: 100 });
    // corners order does not matter
    expect(rectToSelection(grid, rect, 160, 70, 260, 130)).toEqual(s);
  });

  it('clamps a drag outside the plot to the grid and opens the top edge when unbounded', () => {
    const open: HeatmapGrid = { ...grid, boundsMs: [0, 10, 100, Number.POSITIVE_INFINITY] };
    const s = rectToSelection(open, rect, -100, -100, 10_000, 10_000);
    expect(s).toMatchObject({ colFrom: 0, colTo: 9, rowFrom: 0, rowTo: 2, minMs: 0 });
    expect(s.maxMs).toBe(Number.POSITIVE_INFINITY);
    expect(s.toMs).toBe(grid.toMs);
  });

  it('counts the transactions inside a selection', () => {
    const cells: [number, number, number][] = [
      [2, 1, 5],
      [3, 2, 7],
      [4, 2, 1],
      [5, 2, 100],
      [3, 0, 100],
      [3, 3, 100],
    ];
    const s = rectToSelection(grid, rect, 160, 70, 260, 130);
    expect(countInSelection(cells, s)).toBe(13);
  });

  it('gives 1-2-5 latency ticks and a colour ramp', () => {
    expect(latencyTicks(grid)).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000]);
    expect(cellColor(0, 10)).toBe('transparent');
    expect(cellColor(10, 10)).toBe('rgb(239,68,68)');
    expect(cellColor(1, 1)).toBe('rgb(239,68,68)');
  });
});

describe('selection from a stored range', () => {
  it('finds the cells of a range and keeps the exact values', () => {
    const s = rectToSelection(grid, rect, 160, 70, 260, 130);
    const back = selectionFromRange(grid, s.fromMs, s.toMs, s.minMs, s.maxMs);
    expect(back).toEqual(s);
  });
});

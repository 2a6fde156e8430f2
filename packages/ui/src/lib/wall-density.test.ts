import { describe, expect, it } from 'vitest';
import { boardHeight, chooseWallDensity, DENSITY_CELL, GROUP_HEAD_PX } from './wall-density.js';

// the board area of the wall screen on a 1920 x 1080 display
const WALL_1080P = { width: 1100, height: 900 };

describe('wall density', () => {
  it('rows for a few pods, tiles, compact, then squares as the fleet grows', () => {
    expect(chooseWallDensity([4, 3], WALL_1080P)).toEqual({ density: 'rows', topN: Infinity });
    expect(chooseWallDensity([24, 24], WALL_1080P)).toEqual({ density: 'tiles', topN: Infinity });
    expect(chooseWallDensity(Array(6).fill(15), WALL_1080P)).toEqual({ density: 'compact', topN: Infinity });
    // 500 live pods over 10 workloads fit 1080p as squares
    expect(chooseWallDensity(Array(10).fill(50), WALL_1080P)).toEqual({ density: 'micro', topN: Infinity });
  });

  it('when even squares do not fit, the top N per workload that do (with "and N more")', () => {
    const groups = Array(10).fill(200);
    const fit = chooseWallDensity(groups, WALL_1080P);
    expect(fit.density).toBe('micro');
    // 900 / 10 = 90 px per workload: the head and two lines of 42 squares, the last one "and N more"
    const perLine = Math.floor(WALL_1080P.width / (DENSITY_CELL.micro.width as number));
    expect(perLine).toBe(42);
    expect(fit.topN).toBe(2 * perLine - 1);
    expect(boardHeight(groups, 'micro', WALL_1080P.width, fit.topN)).toBe(
      10 * (GROUP_HEAD_PX + 2 * DENSITY_CELL.micro.height),
    );
    expect(boardHeight(groups, 'micro', WALL_1080P.width, fit.topN)).toBeLessThanOrEqual(WALL_1080P.height);
  });

  it('an unmeasured box gets tiles', () => {
    expect(chooseWallDensity([500], { width: 0, height: 0 })).toEqual({ density: 'tiles', topN: Infinity });
  });
});

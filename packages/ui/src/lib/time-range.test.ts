import { describe, expect, it } from 'vitest';
import { niceStepMs, parseDuration, rangeFromParams, timeTicks } from './time-range.js';

describe('time ranges', () => {
  it('parses relative durations', () => {
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('x')).toBeNull();
  });
  it('reads a range from URL params', () => {
    const now = 1_700_000_000_000;
    expect(rangeFromParams(new URLSearchParams('range=1h'), now)).toEqual({
      rel: '1h',
      from: now - 3_600_000,
      to: now,
    });
    expect(rangeFromParams(new URLSearchParams('from=1000&to=5000'), now)).toEqual({ rel: null, from: 1000, to: 5000 });
    expect(rangeFromParams(new URLSearchParams('range=bad'), now).rel).toBe('15m');
  });
  it('picks round steps and ticks', () => {
    expect(niceStepMs(15 * 60_000, 120)).toBe(10_000);
    expect(niceStepMs(7 * 86_400_000, 200)).toBe(3_600_000);
    const { ticks, stepMs } = timeTicks(0, 3_600_000, 600, 90);
    expect(stepMs).toBe(600_000);
    expect(ticks.length).toBeGreaterThanOrEqual(6);
    expect(ticks.every((t) => t % 60_000 === 0)).toBe(true);
  });
});

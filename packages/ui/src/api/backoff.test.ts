import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    const fixed = () => 1;
    expect([0, 1, 2, 3, 4, 5, 6, 10, 50].map((a) => backoffDelay(a, { baseMs: 500, capMs: 15_000 }, fixed))).toEqual([
      500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000,
    ]);
  });
  it('keeps half of the delay fixed and jitters the rest', () => {
    expect(backoffDelay(3, { baseMs: 500 }, () => 0)).toBe(2000);
    expect(backoffDelay(3, { baseMs: 500 }, () => 0.5)).toBe(3000);
    expect(backoffDelay(3, { baseMs: 500, jitter: 0 }, () => 0)).toBe(4000);
  });
});

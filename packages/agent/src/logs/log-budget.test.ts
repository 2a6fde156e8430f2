import { describe, expect, it } from 'vitest';
import { LogBudget } from './log-budget.js';

describe('LogBudget', () => {
  it('lets through at most maxLines per wall-clock second, then counts drops', () => {
    const b = new LogBudget(3, 1_000_000);
    const t = 5_000;
    const results = [0, 100, 200, 300, 999].map((dt) => b.take(t + dt, () => 10));
    expect(results).toEqual([true, true, true, false, false]);
    expect(b.dropped).toBe(2);
    // the next second starts afresh
    expect(b.take(t + 1000, () => 10)).toBe(true);
  });

  it('lets through at most maxBytes per second; a smaller line may still fit after a big one is dropped', () => {
    const b = new LogBudget(100, 100);
    expect(b.take(0, () => 60)).toBe(true);
    expect(b.take(1, () => 50)).toBe(false);
    expect(b.take(2, () => 40)).toBe(true);
    expect(b.take(3, () => 1)).toBe(false);
    expect(b.dropped).toBe(2);
  });

  it('does not measure lines once the line budget is spent', () => {
    const b = new LogBudget(1, 100);
    let measured = 0;
    const size = () => {
      measured++;
      return 1;
    };
    b.take(0, size);
    b.take(1, size);
    b.take(2, size);
    expect(measured).toBe(1);
    expect(b.dropped).toBe(2);
  });
});

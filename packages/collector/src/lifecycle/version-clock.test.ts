import { describe, expect, it } from 'vitest';
import { VersionClock } from './version-clock.js';

describe('VersionClock (ReplacingMergeTree versions of instances/pods rows)', () => {
  it('is strictly increasing within one millisecond, past 1000 writes', () => {
    const c = new VersionClock(() => 1_800_000_000_000);
    let prev = 0;
    for (let i = 0; i < 2500; i++) {
      const v = c.next();
      expect(v).toBeGreaterThan(prev);
      prev = v;
    }
    expect(prev).toBe(1_800_000_000_000 * 1000 + 2499);
  });

  it('keeps increasing when the clock steps back', () => {
    let now = 1_800_000_000_500;
    const c = new VersionClock(() => now);
    const a = c.next();
    now -= 400;
    const b = c.next();
    expect(b).toBe(a + 1);
    now += 10_000;
    expect(c.next()).toBe(now * 1000);
  });

  it('supersedes versions read from the store (written by a process with a clock ahead)', () => {
    const c = new VersionClock(() => 1_800_000_000_000);
    c.observe('1800000005000123');
    expect(c.next()).toBe(1_800_000_005_000_124);
    c.observe(null);
    c.observe('not a number');
    c.observe(5);
    expect(c.next()).toBe(1_800_000_005_000_125);
  });
});

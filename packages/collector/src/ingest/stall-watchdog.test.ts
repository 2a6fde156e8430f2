import { describe, expect, it } from 'vitest';
import { StallWatchdog } from './stall-watchdog.js';

function clock() {
  let t = 1_000_000;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('StallWatchdog', () => {
  it('finds the one partition with lag and no progress while the others keep storing', () => {
    const c = clock();
    const w = new StallWatchdog(30_000, c.now);
    w.assign({ spans: [0, 1], metrics: [0] });
    for (let i = 0; i < 7; i++) {
      c.advance(5_000);
      w.progressed('spans', 1);
      w.progressed('metrics', 0);
      w.lag('spans', 0, 12);
      w.lag('spans', 1, 3);
      w.lag('metrics', 0, 1);
    }
    expect(w.stalled()).toEqual([{ topic: 'spans', partition: 0, idleMs: 35_000, lag: 12 }]);
  });

  it('counts no lag as progress, and lag seen before the last progress as no stall', () => {
    const c = clock();
    const w = new StallWatchdog(30_000, c.now);
    w.assign({ spans: [0, 1] });
    w.lag('spans', 0, 0);
    w.lag('spans', 1, 5);
    c.advance(1_000);
    w.progressed('spans', 1); // the lag seen was before this progress
    c.advance(40_000);
    expect(w.stalled()).toEqual([]);
    w.lag('spans', 0, 0);
    w.lag('spans', 1, 5);
    expect(w.stalled()).toEqual([{ topic: 'spans', partition: 1, idleMs: 40_000, lag: 5 }]);
  });

  it('forgets partitions no longer assigned, and starts the clocks again on demand', () => {
    const c = clock();
    const w = new StallWatchdog(30_000, c.now);
    w.assign({ spans: [0] });
    c.advance(31_000);
    w.lag('spans', 0, 4);
    expect(w.stalled().length).toBe(1);
    w.restartClocks();
    w.lag('spans', 0, 4);
    expect(w.stalled()).toEqual([]);
    w.assign({ spans: [1] });
    c.advance(31_000);
    w.lag('spans', 0, 4); // not assigned any more: ignored
    w.progressed('spans', 0);
    expect(w.stalled()).toEqual([]);
  });

  it('tells how long no heartbeat was answered since the assignment', () => {
    const c = clock();
    const w = new StallWatchdog(30_000, c.now);
    expect(w.silentMs()).toBe(0); // not assigned yet
    w.assign({ spans: [0] });
    c.advance(4_000);
    w.heartbeat();
    c.advance(11_000);
    expect(w.silentMs()).toBe(11_000);
    w.restartClocks();
    expect(w.silentMs()).toBe(0);
  });
});

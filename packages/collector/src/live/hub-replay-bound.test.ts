import type { LivePodSecond } from '@podtrail/contracts/wire';
import { describe, expect, it } from 'vitest';
import { hubOnClock, ticks } from '../testing/live-hub-harness.js';
import { DEFAULT_MAX_HISTORY_ROWS } from './hub.js';

/** One transaction of 10 ms of `pod` in second `ts`. */
function row(ts: number, pod: string): LivePodSecond {
  return {
    ts,
    serviceName: 'checkout',
    namespace: 'shop',
    workload: 'checkout',
    podName: pod,
    instanceId: `${pod}-i1`,
    count: 1,
    errors: 0,
    durationSumMs: 10,
    durationMaxMs: 10,
    latency: [[20, 1, 0]],
  };
}

describe('LiveHub replay history bound (rows)', () => {
  it('keeps at most maxHistoryRows pod-second rows for replay, oldest out first, live clients get every row', () => {
    const { hub, client, advance, nowSec } = hubOnClock({ bufferSize: 10_000, maxHistoryRows: 250 });
    const live = client();
    hub.subscribe(live.sink);
    // a backlog: 100 seconds long closed, 10 pods each (1,000 rows inside the replay window)
    const closed = nowSec() - 2 - 1;
    const rows: LivePodSecond[] = [];
    for (let k = 0; k < 100; k++) for (let p = 0; p < 10; p++) rows.push(row(closed - 200 + k, `checkout-${p}`));
    hub.publish({ kind: 'pod-seconds', rows });
    advance(1000);

    // 100 late ticks of 10 rows (seqs 1..100) and the closing tick of the current second (empty)
    expect(ticks(live.got).reduce((n, t) => n + t.pods.length, 0)).toBe(1000);
    expect(ticks(live.got).at(-1)!.seq).toBe(101);
    const stats = hub.getStats();
    expect(stats.replayRows).toBe(250);
    expect(stats.replayMessages).toBe(26);

    // a client resuming from the start: told what is gone, then the 25 newest late ticks + the last
    const late = client();
    hub.subscribe(late.sink, { since: 0 });
    expect(late.got.find((m) => m.type === 'dropped')).toEqual({ type: 'dropped', count: 75, seq: 0 });
    const replayed = ticks(late.got);
    expect(replayed.map((t) => t.seq)).toEqual(Array.from({ length: 26 }, (_, i) => 76 + i));
    expect(replayed.slice(0, 25).map((t) => t.ts)).toEqual(Array.from({ length: 25 }, (_, i) => closed - 125 + i));
  });

  it('still ages messages out by replaySeconds, and the row count follows', () => {
    const { hub, advance, nowSec } = hubOnClock({ graceMs: 0, replaySeconds: 5 });
    for (let i = 0; i < 20; i++) {
      hub.publish({ kind: 'pod-seconds', rows: [row(nowSec(), 'a'), row(nowSec(), 'b')] });
      advance(1000);
    }
    const s = hub.getStats();
    // the ticks of the last 5 s (one a second, two rows each) and the one of this cycle
    expect(s.replayMessages).toBe(6);
    expect(s.replayRows).toBe(12);
    expect(DEFAULT_MAX_HISTORY_ROWS).toBe(100_000);
  });
});

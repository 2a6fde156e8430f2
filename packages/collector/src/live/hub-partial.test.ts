import type { LiveServerMessage } from '@podtrail/contracts/api';
import { bucketOfNs } from '@podtrail/contracts/rules';
import type { LivePodSecond } from '@podtrail/contracts/wire';
import { describe, expect, it } from 'vitest';
import { hubOnClock, type Tick, ticks } from '../testing/live-hub-harness.js';

/** `count` transactions of 10 ms (satisfied under T = 500 ms), or 1 s ones (frustrated) when `slow`. */
function row(ts: number, pod: string, count: number, slow = false): LivePodSecond {
  const ms = slow ? 3000 : 10;
  return {
    ts,
    serviceName: 'checkout',
    namespace: 'shop',
    workload: 'checkout',
    podName: pod,
    instanceId: `${pod}-i1`,
    count,
    errors: 0,
    durationSumMs: count * ms,
    durationMaxMs: ms,
    latency: [[bucketOfNs(ms * 1e6), count, 0]],
  };
}

const setup = (partialMs = 250) => hubOnClock({ partialMs });

/** [partial, pod=count...] of each tick for second s */
const forSecond = (m: LiveServerMessage[], s: number) =>
  ticks(m)
    .filter((t) => t.ts === s)
    .map((t) => [t.partial ?? false, ...t.pods.map((p) => `${p.podName}=${p.count}`).sort()]);
/** per pod sums over every tick, Apdex counts included */
function totals(m: LiveServerMessage[]) {
  const out: Record<string, [number, number, number]> = {};
  for (const t of ticks(m))
    for (const p of t.pods) {
      const cur = out[p.podName] ?? [0, 0, 0];
      out[p.podName] = [cur[0] + p.count, cur[1] + p.satisfied, cur[2] + p.frustrated];
    }
  return out;
}

describe('LiveHub partial ticks (rows of open seconds pushed as they arrive)', () => {
  it('pushes rows of the open second at once; the closing tick carries only the rest; sums stay exact', () => {
    const { hub, client, advance, nowSec } = setup();
    const c = client();
    hub.subscribe(c.sink);
    const s = nowSec();
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 3)] });
    advance(250);
    expect(forSecond(c.got, s)).toEqual([[true, 'checkout-a=3']]);
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 2, true), row(s, 'checkout-b', 1)] });
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 1)] });
    advance(250);
    // merged per pod within one push; nothing new: no partial tick
    advance(250);
    expect(forSecond(c.got, s)).toEqual([
      [true, 'checkout-a=3'],
      [true, 'checkout-a=3', 'checkout-b=1'],
    ]);
    hub.publish({ kind: 'pod-seconds', rows: [row(s + 1, 'checkout-a', 4)] });
    advance(250); // s + 1.0: s+1 is the current second
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 5)] });
    advance(2000); // s + 3.0: s closes with what came after its last push
    expect(forSecond(c.got, s)).toEqual([
      [true, 'checkout-a=3'],
      [true, 'checkout-a=3', 'checkout-b=1'],
      [false, 'checkout-a=5'],
    ]);
    expect(forSecond(c.got, s + 1)).toEqual([[true, 'checkout-a=4']]);
    advance(1000);
    expect(forSecond(c.got, s + 1)).toEqual([[true, 'checkout-a=4'], [false]]);
    // count, satisfied, frustrated over everything pushed: the 2 slow ones frustrated
    expect(totals(c.got)).toEqual({ 'checkout-a': [15, 13, 2], 'checkout-b': [1, 1, 0] });
    const st = hub.getStats();
    expect(st.partialTicks).toBe(3);
    expect(st.lateTicks).toBe(0);
    // one closing tick per second, partial ones counted apart
    expect(st.ticks).toBe(ticks(c.got).filter((t) => !t.partial).length);
    const seqs = c.got.filter((m) => m.type === 'tick').map((m) => (m as Tick).seq);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1]! + 1);
  });

  it("holds rows for a second after the hub's current one until that second comes", () => {
    const { hub, client, advance, nowSec } = setup();
    const c = client();
    hub.subscribe(c.sink);
    const s = nowSec();
    hub.publish({ kind: 'pod-seconds', rows: [row(s + 3, 'checkout-a', 2)] });
    for (let i = 0; i < 11; i++) advance(250); // s + 2.75
    expect(forSecond(c.got, s + 3)).toEqual([]);
    advance(250); // s + 3.0
    expect(forSecond(c.got, s + 3)).toEqual([[true, 'checkout-a=2']]);
  });

  it('a client that subscribes while a second is open gets what was pushed for it; filters apply', () => {
    const { hub, client, advance, nowSec } = setup();
    const early = client();
    hub.subscribe(early.sink);
    const s = nowSec();
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 3), row(s, 'checkout-b', 7)] });
    advance(250);
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 1)] });
    advance(250);
    const joined = client();
    const onlyB = client();
    hub.subscribe(joined.sink);
    hub.subscribe(onlyB.sink, { filter: { pod: 'checkout-b' } });
    expect(ticks(joined.got).map((t) => t.seq)).toEqual(ticks(early.got).map((t) => t.seq));
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 2), row(s, 'checkout-b', 1)] });
    advance(3000);
    expect(totals(joined.got)).toEqual(totals(early.got));
    expect(totals(early.got)).toEqual({ 'checkout-a': [6, 6, 0], 'checkout-b': [8, 8, 0] });
    expect(totals(onlyB.got)).toEqual({ 'checkout-b': [8, 8, 0] });
    // once the second closed, a new client gets nothing of it again
    const after = client();
    hub.subscribe(after.sink);
    expect(ticks(after.got)).toEqual([]);
  });

  it('without partialMs pushes rows only when their second closes', () => {
    const { hub, client, advance, nowSec } = setup(0);
    const c = client();
    hub.subscribe(c.sink);
    const s = nowSec();
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 3)] });
    advance(2750);
    expect(forSecond(c.got, s)).toEqual([]);
    advance(250);
    expect(forSecond(c.got, s)).toEqual([[false, 'checkout-a=3']]);
    expect(hub.getStats().partialTicks).toBe(0);
  });
});

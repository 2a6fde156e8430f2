import type { LivePodRow, LiveServerMessage, PodTransition } from '@podtrail/contracts/api';
import { bucketLowerMs, bucketOfNs, type LatencyBucketCount } from '@podtrail/contracts/rules';
import type { LivePodSecond, LiveRecord } from '@podtrail/contracts/wire';
import { describe, expect, it } from 'vitest';
import type { ApiConfig } from '../api-config.js';
import { APDEX_TEST_THRESHOLDS, APDEX_TEST_TXS, apdexTestZones } from '../testing/apdex-transactions.js';
import { hubOnClock, ticks } from '../testing/live-hub-harness.js';
import type { LiveHub } from './hub.js';

const bucketOfMs = (ms: number) => bucketOfNs(ms * 1e6);

/** `count` transactions of 10 ms (the first `errors` of them failed), unless `extra` says otherwise. */
function row(ts: number, pod: string, count: number, extra: Partial<LivePodSecond> = {}): LivePodSecond {
  const errors = extra.errors ?? 0;
  return {
    ts,
    serviceName: pod.startsWith('cart') ? 'cart' : 'checkout',
    namespace: 'shop',
    workload: pod.split('-')[0]!,
    podName: pod,
    instanceId: `${pod}-i1`,
    count,
    errors,
    durationSumMs: count * 10,
    durationMaxMs: 10,
    latency: count > 0 ? [[bucketOfMs(10), count, errors]] : [],
    ...extra,
  };
}

type Apdex = Pick<ApiConfig, 'apdexThresholdMs' | 'apdexThresholdMsByService'>;

describe('LiveHub', () => {
  it('merges partial rows of several collectors for one pod-second and closes the second after the grace', () => {
    const { hub, client, advance, nowSec } = hubOnClock();
    const c = client();
    hub.subscribe(c.sink);
    const s = nowSec();
    // the histograms share the 10 ms bucket and each has one of its own
    const part1 = row(s, 'checkout-a', 3, {
      errors: 1,
      durationSumMs: 60,
      durationMaxMs: 40,
      latency: [
        [bucketOfMs(10), 2, 1],
        [bucketOfMs(40), 1, 0],
      ],
    });
    const part2 = row(s, 'checkout-a', 4, {
      durationSumMs: 55,
      durationMaxMs: 25,
      latency: [
        [bucketOfMs(10), 3, 0],
        [bucketOfMs(25), 1, 0],
      ],
    });
    hub.publish({ kind: 'pod-seconds', rows: [part1] });
    hub.publish({ kind: 'pod-seconds', rows: [part2, row(s, 'cart-b', 2)] });
    advance(2000); // second s ends at s+1, + 2 s grace = s+3
    expect(ticks(c.got).find((t) => t.ts === s)).toBeUndefined();
    advance(1000);
    const t = ticks(c.got).find((x) => x.ts === s)!;
    expect(t.late).toBeUndefined();
    // T = 500 ms: the failed one is frustrated, the rest satisfied
    expect(t.pods.find((p) => p.podName === 'checkout-a')).toEqual({
      ts: s,
      serviceName: 'checkout',
      namespace: 'shop',
      workload: 'checkout',
      podName: 'checkout-a',
      instanceId: 'checkout-a-i1',
      count: 7,
      errors: 1,
      durationSumMs: 115,
      durationMaxMs: 40,
      satisfied: 6,
      tolerating: 0,
      frustrated: 1,
    } satisfies LivePodRow);
    expect(t.pods.find((p) => p.podName === 'cart-b')!.count).toBe(2);
    expect(c.got[0]!.type).toBe('hello');
  });

  it('emits one tick per second (empty ones too) with consecutive seqs', () => {
    const { hub, client, advance } = hubOnClock();
    const c = client();
    hub.subscribe(c.sink);
    for (let i = 0; i < 5; i++) advance(1000);
    const t = ticks(c.got);
    expect(t.length).toBe(5);
    for (let i = 1; i < t.length; i++) {
      expect(t[i]!.ts).toBe(t[i - 1]!.ts + 1);
      expect(t[i]!.seq).toBe(t[i - 1]!.seq + 1);
    }
  });

  it('pushes rows that arrive after their second closed as a late tick, so sums stay exact', () => {
    const { hub, client, advance, nowSec } = hubOnClock();
    const c = client();
    hub.subscribe(c.sink);
    const s = nowSec();
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 5)] });
    advance(3000);
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 2)] });
    advance(1000);
    const forS = ticks(c.got).filter((t) => t.ts === s);
    expect(forS.map((t) => [t.late ?? false, t.pods[0]?.count])).toEqual([
      [false, 5],
      [true, 2],
    ]);
    expect(hub.getStats().lateRows).toBe(1);
  });

  it('filters per client and pushes transitions at once', () => {
    const { hub, client, advance, nowSec } = hubOnClock();
    const cart = client();
    const all = client();
    hub.subscribe(cart.sink, { filter: { service: 'cart' } });
    hub.subscribe(all.sink);
    const s = nowSec();
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 1), row(s, 'cart-b', 2)] });
    const event: PodTransition = {
      ts: new Date(s * 1000).toISOString(),
      namespace: 'shop',
      workload: 'checkout',
      serviceName: 'checkout',
      podName: 'checkout-a',
      instanceId: 'i1',
      transition: 'started',
      fromState: '',
      toState: 'running',
      reason: '',
      message: 'pod started; agent connected',
    };
    hub.publish({ kind: 'transition', event });
    expect(all.got.filter((m) => m.type === 'transition')).toEqual([{ type: 'transition', seq: 1, event }]);
    expect(cart.got.some((m) => m.type === 'transition')).toBe(false);
    advance(3000);
    const tc = ticks(cart.got).find((t) => t.ts === s)!;
    expect(tc.pods.map((p) => p.podName)).toEqual(['cart-b']);
    expect(ticks(all.got).find((t) => t.ts === s)!.pods.length).toBe(2);
  });

  it('bounds the client buffer: drops the oldest and says how many', () => {
    const { hub, client, advance } = hubOnClock({ bufferSize: 3 });
    const c = client();
    hub.subscribe(c.sink);
    c.block();
    for (let i = 0; i < 10; i++) advance(1000);
    c.unblock();
    advance(1000); // 11th tick; drain
    const kinds = c.got.map((m) => m.type);
    expect(kinds[0]).toBe('hello');
    const dropped = c.got.find((m) => m.type === 'dropped') as { count: number };
    expect(dropped.count).toBe(8); // 11 ticks, 3 kept
    expect(ticks(c.got).length).toBe(3);
    expect(ticks(c.got).map((t) => t.seq)).toEqual([9, 10, 11]);
  });

  it('replays from `since` without gaps and reports what aged out', () => {
    const { hub, client, advance, nowSec } = hubOnClock({ replaySeconds: 5 });
    const first = client();
    hub.subscribe(first.sink);
    for (let i = 0; i < 3; i++) {
      hub.publish({ kind: 'pod-seconds', rows: [row(nowSec(), 'checkout-a', 1)] });
      advance(1000);
    }
    const lastSeen = ticks(first.got).at(-1)!.seq;
    // disconnected while more ticks happen
    for (let i = 0; i < 3; i++) {
      hub.publish({ kind: 'pod-seconds', rows: [row(nowSec(), 'checkout-a', 1)] });
      advance(1000);
    }
    const again = client();
    hub.subscribe(again.sink, { since: lastSeen });
    const replayed = ticks(again.got);
    expect(replayed.map((t) => t.seq)).toEqual([lastSeen + 1, lastSeen + 2, lastSeen + 3]);
    expect(again.got.some((m) => m.type === 'dropped')).toBe(false);
    // long gone: only 5 s are kept
    for (let i = 0; i < 10; i++) advance(1000);
    const late = client();
    hub.subscribe(late.sink, { since: lastSeen });
    // 16 ticks, one a second; the last 5 s (6 ticks, seqs 11..16) are kept: 4..10 aged out
    const d = late.got.find((m) => m.type === 'dropped') as { count: number };
    expect(d.count).toBe(7);
    const rt = ticks(late.got);
    expect(rt.map((t) => t.seq)).toEqual([11, 12, 13, 14, 15, 16]);
    expect(rt[0]!.seq).toBe(lastSeen + d.count + 1);
  });

  it('resumes on another hub by the last tick second (sinceTs)', () => {
    const { hub, client, advance, nowSec } = hubOnClock();
    const s0 = nowSec();
    for (let i = 0; i < 5; i++) {
      hub.publish({ kind: 'pod-seconds', rows: [row(nowSec(), 'checkout-a', 1)] });
      advance(1000);
    }
    const c = client();
    hub.subscribe(c.sink, { hubId: 'ffff', sinceTs: s0 });
    // five ticks closed s0-2 .. s0+2 (2 s grace): the two after s0 are replayed
    const t = ticks(c.got);
    expect(t.map((x) => x.ts)).toEqual([s0 + 1, s0 + 2]);
    expect(t.map((x) => x.pods.map((p) => p.count))).toEqual([[1], [1]]);
    const same = client();
    hub.subscribe(same.sink, { hubId: hub.hubId });
    expect(ticks(same.got)).toEqual([]);
  });

  it('ignores malformed records', () => {
    const { hub } = hubOnClock();
    hub.publish({ kind: 'pod-seconds', rows: [{ ts: 'x' }, null, 5] });
    hub.publish({ kind: 'nope' });
    hub.publish(null);
    expect(hub.getStats().badRecords).toBe(5);
  });

  it('refuses rows whose counts or latency histogram are malformed, and transitions off the contract', () => {
    const { hub, client, advance, nowSec } = hubOnClock();
    const c = client();
    hub.subscribe(c.sink);
    const s = nowSec();
    const b = bucketOfMs(10);
    const bad: unknown[] = [
      { ...row(s, 'checkout-a', 2), latency: undefined },
      { ...row(s, 'checkout-a', 2), latency: [[b, 2]] },
      { ...row(s, 'checkout-a', 2), latency: [[256, 2, 0]] },
      { ...row(s, 'checkout-a', 2), latency: [[-1, 2, 0]] },
      { ...row(s, 'checkout-a', 2), latency: [[1.5, 2, 0]] },
      { ...row(s, 'checkout-a', 2), latency: [[b, -2, 0]] },
      { ...row(s, 'checkout-a', 2, { errors: 1 }), latency: [[b, 2, 3]] },
      // histogram and counts disagree
      { ...row(s, 'checkout-a', 2), latency: [[b, 3, 0]] },
      { ...row(s, 'checkout-a', 2, { errors: 1 }), latency: [[b, 2, 0]] },
      // the same bucket twice
      {
        ...row(s, 'checkout-a', 2),
        latency: [
          [b, 1, 0],
          [b, 1, 0],
        ],
      },
      // longer than one entry per bucket
      { ...row(s, 'checkout-a', 300), latency: Array.from({ length: 300 }, (_, i) => [i, 1, 0]) },
      { ...row(s, 'checkout-a', 2), count: 2.5 },
      { ...row(s, 'checkout-a', 2), errors: 3 },
      { ...row(s, 'checkout-a', 2), durationSumMs: Number.NaN },
      { ...row(s, 'checkout-a', 2), durationMaxMs: -1 },
    ];
    hub.publish({ kind: 'pod-seconds', rows: [...bad, row(s, 'cart-b', 2)] });
    const event = (o: Record<string, unknown>) => ({
      kind: 'transition',
      event: {
        ts: new Date(s * 1000).toISOString(),
        namespace: 'shop',
        workload: 'cart',
        serviceName: 'cart',
        podName: 'cart-b',
        instanceId: 'i1',
        transition: 'stopped',
        fromState: 'running',
        toState: 'stopped',
        reason: '',
        message: '',
        ...o,
      },
    });
    hub.publish(event({ ts: s * 1000 })); // epoch ms: not the contract's ISO time
    hub.publish(event({ ts: 'yesterday' }));
    hub.publish(event({ transition: 'exploded' }));
    hub.publish(event({ toState: 'gone' }));
    hub.publish(event({ podName: 7 }));
    expect(hub.getStats()).toMatchObject({ badRecords: bad.length + 5, rowsIn: 1, transitionsIn: 0 });
    hub.publish(event({ extra: 'not forwarded' }));
    expect(hub.getStats().transitionsIn).toBe(1);
    const sent = c.got.find((m) => m.type === 'transition');
    expect(sent && 'extra' in sent.event).toBe(false);
    advance(3000);
    expect(
      ticks(c.got)
        .find((t) => t.ts === s)!
        .pods.map((p) => [p.podName, p.count, p.satisfied]),
    ).toEqual([['cart-b', 2, 2]]);
  });
});

describe('LiveHub Apdex at read time', () => {
  const txs = APDEX_TEST_TXS;
  const thresholds = APDEX_TEST_THRESHOLDS;

  function publishedRow(ts: number): LivePodSecond {
    const latency = new Map<number, LatencyBucketCount>();
    for (const [ms, failed] of txs) {
      const b = bucketOfMs(ms);
      const cur = latency.get(b) ?? [b, 0, 0];
      cur[1]++;
      if (failed) cur[2]++;
      latency.set(b, cur);
    }
    return row(ts, 'checkout-a', txs.length, {
      errors: txs.filter(([, f]) => f).length,
      durationSumMs: txs.reduce((a, [ms]) => a + ms, 0),
      durationMaxMs: 9000,
      latency: [...latency.values()],
    });
  }

  const zones = apdexTestZones;

  function closedRow(hub: LiveHub, advance: (ms: number) => void, got: LiveServerMessage[], ts: number) {
    hub.publish({ kind: 'pod-seconds', rows: [publishedRow(ts)] } satisfies LiveRecord);
    advance(3000);
    const t = ticks(got).find((x) => x.ts === ts)!;
    const { satisfied, tolerating, frustrated } = t.pods[0]!;
    return { satisfied, tolerating, frustrated };
  }

  it('no duration shares a bucket with T or 4T (so the histogram is exact)', () => {
    for (const t of thresholds)
      for (const edge of [t, 4 * t])
        for (const [ms] of txs) expect(bucketOfMs(ms), `${ms} ms vs ${edge} ms`).not.toBe(bucketOfMs(edge));
    // and T lies inside its bucket, not on an edge: the test does not lean on edges
    for (const t of thresholds) expect(bucketLowerMs(bucketOfMs(t))).toBeLessThan(t);
  });

  it('gives the same published rows different Apdex under two thresholds, each what apdexZone gives', () => {
    const results = thresholds.map((t) => {
      const { hub, client, advance, nowSec } = hubOnClock({
        apdex: { apdexThresholdMs: t, apdexThresholdMsByService: {} },
      });
      const c = client();
      hub.subscribe(c.sink);
      return closedRow(hub, advance, c.got, nowSec());
    });
    expect(results[0]).toEqual(zones(50));
    expect(results[1]).toEqual(zones(250));
    expect(zones(50)).toEqual({ satisfied: 2, tolerating: 3, frustrated: 6 });
    expect(zones(250)).toEqual({ satisfied: 5, tolerating: 2, frustrated: 4 });
  });

  it('reads the threshold when a second closes: a change applies to the next tick, per service', () => {
    const apdex: Apdex = { apdexThresholdMs: 50, apdexThresholdMsByService: {} };
    const { hub, client, advance, nowSec } = hubOnClock({ apdex });
    const c = client();
    hub.subscribe(c.sink);
    expect(closedRow(hub, advance, c.got, nowSec())).toEqual(zones(50));
    apdex.apdexThresholdMsByService.checkout = 250;
    expect(closedRow(hub, advance, c.got, nowSec())).toEqual(zones(250));
    apdex.apdexThresholdMsByService = { cart: 250 };
    expect(closedRow(hub, advance, c.got, nowSec())).toEqual(zones(50));
  });
});

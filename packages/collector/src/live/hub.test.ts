import type { LiveServerMessage } from '@podtrail/contracts/api';
import type { LivePodSecond } from '@podtrail/contracts/wire';
import { describe, expect, it } from 'vitest';
import { LiveHub } from './hub.js';

function row(ts: number, pod: string, count: number, extra: Partial<LivePodSecond> = {}): LivePodSecond {
  return {
    ts,
    serviceName: pod.startsWith('cart') ? 'cart' : 'checkout',
    namespace: 'shop',
    workload: pod.split('-')[0]!,
    podName: pod,
    instanceId: `${pod}-i1`,
    count,
    errors: 0,
    durationSumMs: count * 10,
    durationMaxMs: 10,
    satisfied: count,
    tolerating: 0,
    frustrated: 0,
    ...extra,
  };
}

function setup(opts: { bufferSize?: number; replaySeconds?: number } = {}) {
  let now = 1_000_000_000; // ms, on a second boundary
  const hub = new LiveHub({
    graceMs: 2000,
    bufferSize: opts.bufferSize ?? 100,
    replaySeconds: opts.replaySeconds ?? 600,
    now: () => now,
  });
  const client = () => {
    const got: LiveServerMessage[] = [];
    let open = true;
    const sink = { canSend: () => open, send: (m: LiveServerMessage) => got.push(m) };
    return {
      got,
      sink,
      block: () => {
        open = false;
      },
      unblock: () => {
        open = true;
      },
    };
  };
  return {
    hub,
    client,
    advance: (ms: number) => {
      now += ms;
      hub.cycle(now);
    },
    nowSec: () => Math.floor(now / 1000),
  };
}

const ticks = (m: LiveServerMessage[]) =>
  m.filter((x) => x.type === 'tick') as Array<Extract<LiveServerMessage, { type: 'tick' }>>;

describe('LiveHub', () => {
  it('merges partial rows of several collectors for one pod-second and closes the second after the grace', () => {
    const { hub, client, advance, nowSec } = setup();
    const c = client();
    hub.subscribe(c.sink);
    const s = nowSec();
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 3, { durationMaxMs: 40, errors: 1 })] });
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 4, { durationMaxMs: 25 }), row(s, 'cart-b', 2)] });
    advance(2000); // second s ends at s+1, + 2 s grace = s+3
    expect(ticks(c.got).find((t) => t.ts === s)).toBeUndefined();
    advance(1000);
    const t = ticks(c.got).find((x) => x.ts === s)!;
    expect(t.late).toBeUndefined();
    const a = t.pods.find((p) => p.podName === 'checkout-a')!;
    expect(a.count).toBe(7);
    expect(a.errors).toBe(1);
    expect(a.durationSumMs).toBe(70);
    expect(a.durationMaxMs).toBe(40);
    expect(a.satisfied).toBe(7);
    expect(t.pods.find((p) => p.podName === 'cart-b')!.count).toBe(2);
    expect(c.got[0]!.type).toBe('hello');
  });

  it('emits one tick per second (empty ones too) with consecutive seqs', () => {
    const { hub, client, advance } = setup();
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
    const { hub, client, advance, nowSec } = setup();
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
    const { hub, client, advance, nowSec } = setup();
    const cart = client();
    const all = client();
    hub.subscribe(cart.sink, { filter: { service: 'cart' } });
    hub.subscribe(all.sink);
    const s = nowSec();
    hub.publish({ kind: 'pod-seconds', rows: [row(s, 'checkout-a', 1), row(s, 'cart-b', 2)] });
    hub.publish({
      kind: 'transition',
      event: {
        ts: s * 1000,
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
      },
    });
    expect(all.got.some((m) => m.type === 'transition')).toBe(true);
    expect(cart.got.some((m) => m.type === 'transition')).toBe(false);
    advance(3000);
    const tc = ticks(cart.got).find((t) => t.ts === s)!;
    expect(tc.pods.map((p) => p.podName)).toEqual(['cart-b']);
    expect(ticks(all.got).find((t) => t.ts === s)!.pods.length).toBe(2);
  });

  it('bounds the client buffer: drops the oldest and says how many', () => {
    const { hub, client, advance } = setup({ bufferSize: 3 });
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
    const { hub, client, advance, nowSec } = setup({ replaySeconds: 5 });
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
    const d = late.got.find((m) => m.type === 'dropped') as { count: number };
    expect(d.count).toBeGreaterThan(0);
    const rt = ticks(late.got);
    expect(rt[0]!.seq).toBe(lastSeen + d.count + 1);
  });

  it('resumes on another hub by the last tick second (sinceTs)', () => {
    const { hub, client, advance, nowSec } = setup();
    const s0 = nowSec();
    for (let i = 0; i < 5; i++) {
      hub.publish({ kind: 'pod-seconds', rows: [row(nowSec(), 'checkout-a', 1)] });
      advance(1000);
    }
    const c = client();
    hub.subscribe(c.sink, { hubId: 'ffff', sinceTs: s0 });
    const t = ticks(c.got);
    expect(t.length).toBeGreaterThan(0);
    expect(t.every((x) => x.ts > s0)).toBe(true);
    const same = client();
    hub.subscribe(same.sink, { hubId: hub.hubId });
    expect(ticks(same.got)).toEqual([]);
  });

  it('ignores malformed records', () => {
    const { hub } = setup();
    hub.publish({ kind: 'pod-seconds', rows: [{ ts: 'x' }, null, 5] });
    hub.publish({ kind: 'nope' });
    hub.publish(null);
    expect(hub.getStats().badRecords).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import { LiveClient, type LiveStatus, type SocketLike } from './live.js';
import type { LiveMessage } from './types.js';

/** In-memory socket double and a manual clock: this module's unit test only. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  closed = false;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  msg(m: unknown) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  drop(code = 1006) {
    this.onclose?.({ code, reason: '' });
  }
}

function harness() {
  let now = 1_000_000;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const sockets: FakeSocket[] = [];
  const received: LiveMessage[] = [];
  const statuses: { s: LiveStatus; retryInMs?: number }[] = [];
  const resets: string[] = [];
  const bad: string[] = [];
  const client = new LiveClient({
    url: () => 'ws://collector/api/v1/live?token=t',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    onMessage: (m) => received.push(m),
    onStatus: (s, i) => statuses.push({ s, retryInMs: i.retryInMs }),
    onReset: (r) => resets.push(r),
    onBadMessage: (reason) => bad.push(reason),
    backoff: { jitter: 0 },
    now: () => now,
    setTimer: (fn, ms) => {
      const t = { at: now + ms, fn, id: nextId++ };
      timers.push(t);
      return t.id;
    },
    clearTimer: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const t = timers[0];
      if (!t || t.at > end) break;
      timers.shift();
      now = t.at;
      t.fn();
    }
    now = end;
  };
  return { client, sockets, received, statuses, resets, bad, advance, last: () => sockets[sockets.length - 1]! };
}

const tick = (seq: number) => ({ type: 'tick', seq, ts: 1_700_000_000 + seq, pods: [] });

describe('LiveClient', () => {
  it('subscribes, then resumes from the last seq after a drop, with capped exponential backoff', () => {
    const h = harness();
    h.client.start();
    h.last().open();
    expect(JSON.parse(h.last().sent[0]!)).toEqual({ type: 'subscribe' });
    h.last().msg({ type: 'hello', seq: 10, serverTime: 1, hubId: 'aa', graceMs: 2000 });
    h.last().msg(tick(11));
    h.last().msg(tick(12));
    expect(h.client.lastSeq).toBe(12);

    // collector goes away: retries at 500, 1000, 2000 ... ms, never above 15 s
    h.last().drop();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const st = h.statuses[h.statuses.length - 1]!;
      expect(st.s).toBe('reconnecting');
      delays.push(st.retryInMs!);
      h.advance(st.retryInMs!);
      h.last().drop();
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);

    const retry = h.statuses[h.statuses.length - 1]!.retryInMs!;
    h.advance(retry);
    h.last().open();
    expect(JSON.parse(h.last().sent[0]!)).toEqual({
      type: 'subscribe',
      since: 12,
      hubId: 'aa',
      sinceTs: 1_700_000_012,
    });
    // the hub replays what was missed; a duplicate is ignored
    h.last().msg({ type: 'hello', seq: 20, serverTime: 2, hubId: 'aa', graceMs: 2000 });
    h.last().msg(tick(12));
    h.last().msg(tick(13));
    h.last().msg(tick(14));
    expect(h.received.filter((m) => m.type === 'tick').map((m) => (m as { seq: number }).seq)).toEqual([
      11, 12, 13, 14,
    ]);
    expect(h.statuses[h.statuses.length - 1]!.s).toBe('open');
    expect(h.resets).toEqual([]);
    // backoff starts over after a good connection
    h.last().drop();
    expect(h.statuses[h.statuses.length - 1]!.retryInMs).toBe(500);
  });

  it('passes cluster changes on once, counting their seq for the resume', () => {
    const h = harness();
    h.client.start();
    h.last().open();
    h.last().msg({ type: 'hello', seq: 10, serverTime: 1, hubId: 'aa', graceMs: 2000 });
    const change = {
      kind: 'event',
      ts: '2026-12-06T10:00:00.000Z',
      namespace: 'shop',
      workload: 'cart',
      podName: 'cart-7d9f-abcde',
      podUid: 'uid-1',
      event: {
        ts: '2026-12-06T10:00:00.000Z',
        namespace: 'shop',
        involvedKind: 'Pod',
        involvedName: 'cart-7d9f-abcde',
        workload: 'cart',
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container app',
        count: 1,
        source: 'kubelet',
      },
    };
    h.last().msg({ type: 'kubernetes', seq: 11, change });
    h.last().msg({ type: 'kubernetes', seq: 11, change }); // replayed twice
    h.last().msg({ type: 'kubernetes', seq: 12, change: { ...change, event: undefined } }); // no event part
    expect(h.received.filter((m) => m.type === 'kubernetes')).toEqual([{ type: 'kubernetes', seq: 11, change }]);
    expect(h.bad).toHaveLength(1);
    expect(h.client.lastSeq).toBe(11);
  });

  it('follows a new hub (collector restarted): accepts its numbering, resyncs only on a gap', () => {
    const h = harness();
    h.client.start();
    h.last().open();
    h.last().msg({ type: 'hello', seq: 500, serverTime: 1, hubId: 'aa', graceMs: 2000 });
    h.last().msg(tick(501));
    h.last().drop();
    h.advance(500);
    h.last().open();
    // the new hub replays by time after sinceTs: its seq 3 is not a duplicate
    h.last().msg({ type: 'hello', seq: 2, serverTime: 2, hubId: 'bb', graceMs: 2000 });
    h.last().msg({ type: 'tick', seq: 3, ts: 1_700_000_502, pods: [] });
    expect(h.resets).toEqual([]);
    expect(h.client.lastSeq).toBe(3);
    expect(h.client.hubId).toBe('bb');
    // another restart where the new hub cannot cover the gap: resync over REST
    h.last().drop();
    h.advance(500);
    h.last().open();
    expect(JSON.parse(h.last().sent[0]!)).toEqual({ type: 'subscribe', since: 3, hubId: 'bb', sinceTs: 1_700_000_502 });
    h.last().msg({ type: 'hello', seq: 0, serverTime: 3, hubId: 'cc', graceMs: 2000 });
    h.last().msg({ type: 'tick', seq: 1, ts: 1_700_000_560, pods: [] });
    expect(h.resets).toEqual(['server-restart']);
    expect(h.received.at(-1)).toMatchObject({ type: 'tick', seq: 1 });
  });

  it('reconnects a socket that went silent, and resyncs after a dropped notice', () => {
    const h = harness();
    h.client.start();
    h.last().open();
    h.last().msg({ type: 'hello', seq: 1, serverTime: 1, hubId: 'aa', graceMs: 2000 });
    expect(h.sockets.length).toBe(1);
    h.advance(11_000);
    expect(h.sockets[0]!.closed).toBe(true);
    h.advance(500);
    expect(h.sockets.length).toBe(2);
    h.last().open();
    h.last().msg({ type: 'dropped', count: 42 });
    expect(h.resets).toEqual(['dropped']);
  });

  it('waits long after an auth close and stops cleanly', () => {
    const h = harness();
    h.client.start();
    h.last().open();
    h.last().drop(4401);
    expect(h.statuses.at(-1)).toEqual({ s: 'auth', retryInMs: 30_000 });
    h.client.stop();
    h.advance(60_000);
    expect(h.sockets.length).toBe(1);
    expect(h.statuses.at(-1)!.s).toBe('stopped');
  });

  it('ignores and counts messages that do not match the contract, and goes on', () => {
    const h = harness();
    h.client.start();
    h.last().open();
    h.last().msg({ type: 'hello', seq: 1, serverTime: 1, hubId: 'aa', graceMs: 2000 });
    const row = {
      ts: 1_700_000_002,
      serviceName: 'svc',
      namespace: 'ns',
      workload: 'wl',
      podName: 'p1',
      instanceId: 'i1',
      count: 3,
      errors: 0,
      durationSumMs: 30,
      durationMaxMs: 10,
      satisfied: 3,
      tolerating: 0,
      frustrated: 0,
    };
    const transition = {
      ts: '2023-11-14T22:13:20.123Z',
      namespace: 'ns',
      workload: 'wl',
      serviceName: 'svc',
      podName: 'p1',
      instanceId: 'i1',
      transition: 'started',
      fromState: '',
      toState: 'running',
      reason: '',
      message: '',
    };
    h.last().onmessage?.({ data: '{not json' });
    h.last().msg({ type: 'surprise', seq: 2 });
    h.last().msg({ type: 'tick', seq: 2, ts: 1_700_000_002 }); // no pods
    h.last().msg({ type: 'tick', seq: 2, ts: 1_700_000_002, pods: [{ ...row, count: '3' }] });
    h.last().msg({ type: 'tick', seq: 2, ts: 1_700_000_002, pods: [{ ...row, satisfied: undefined }] });
    // the old shape of a transition (epoch ms) is not the contract's
    h.last().msg({ type: 'transition', seq: 2, event: { ...transition, ts: 1_700_000_000_123 } });
    h.last().msg({ type: 'transition', seq: 2, event: { ...transition, transition: 'exploded' } });
    h.last().msg({ type: 'hello', seq: 1, serverTime: '1', hubId: 'aa', graceMs: 2000 });
    expect(h.client.badMessages).toBe(8);
    expect(h.bad).toEqual([
      'not JSON',
      'unknown message type "surprise"',
      'a tick message that does not match the contract',
      'a tick message that does not match the contract',
      'a tick message that does not match the contract',
      'a transition message that does not match the contract',
      'a transition message that does not match the contract',
      'a hello message that does not match the contract',
    ]);
    expect(h.received.map((m) => m.type)).toEqual(['hello']);
    expect(h.client.lastSeq).toBe(null);
    // valid messages still go through
    h.last().msg({ type: 'tick', seq: 2, ts: 1_700_000_002, pods: [row] });
    h.last().msg({ type: 'transition', seq: 3, event: transition });
    h.last().msg({ type: 'error', code: 'APM_ERR_LIVE_BAD_MESSAGE', message: 'filter.pod: bad', field: 'filter.pod' });
    expect(h.received.map((m) => m.type)).toEqual(['hello', 'tick', 'transition', 'error']);
    expect(h.client.lastSeq).toBe(3);
    expect(h.client.badMessages).toBe(8);
  });
});

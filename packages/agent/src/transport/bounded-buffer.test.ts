import { describe, expect, it } from 'vitest';
import { BoundedBuffer, type OutboundMessage, type Signal } from './bounded-buffer.js';

const msg = (signal: Signal, bytes: number, items = 1, tag = 0): OutboundMessage => ({
  signal,
  value: new Uint8Array(bytes).fill(tag),
  items,
});

describe('BoundedBuffer', () => {
  it('drops the oldest when full and counts items per signal', () => {
    const b = new BoundedBuffer(300);
    b.push(msg('spans', 100, 10, 1));
    b.push(msg('spans', 100, 20, 2));
    b.push(msg('metrics', 100, 5, 3));
    expect(b.size).toBe(300);
    b.push(msg('spans', 100, 7, 4));
    expect(b.dropped).toEqual({ spans: 10, metrics: 0, lifecycle: 0, logs: 0 });
    expect(b.droppedMessages).toBe(1);
    b.push(msg('spans', 150, 1, 5));
    expect(b.dropped).toEqual({ spans: 30, metrics: 5, lifecycle: 0, logs: 0 });
    const left = b.take(10_000);
    expect(left.map((m) => m.value[0])).toEqual([4, 5]);
    expect(b.size).toBe(0);
  });

  it('drops telemetry before lifecycle events', () => {
    const b = new BoundedBuffer(200);
    b.push(msg('lifecycle', 100, 1, 1));
    b.push(msg('spans', 100, 3, 2));
    b.push(msg('spans', 100, 4, 3));
    expect(b.dropped).toEqual({ spans: 3, metrics: 0, lifecycle: 0, logs: 0 });
    // telemetry does not push out a lifecycle event: the newcomer itself is dropped
    b.push(msg('metrics', 150, 2, 4));
    expect(b.dropped).toEqual({ spans: 7, metrics: 2, lifecycle: 0, logs: 0 });
    // app log lines are telemetry too
    b.push(msg('logs', 150, 9, 6));
    expect(b.dropped).toEqual({ spans: 7, metrics: 2, lifecycle: 0, logs: 9 });
    // a lifecycle event may replace an older one
    b.push(msg('lifecycle', 150, 1, 5));
    expect(b.dropped.lifecycle).toBe(1);
    expect(b.take(10_000).map((m) => m.value[0])).toEqual([5]);
  });

  it('never holds more than maxBytes, and rejects a message larger than the whole buffer', () => {
    const b = new BoundedBuffer(1000);
    for (let i = 0; i < 10_000; i++) {
      b.push(msg(i % 2 ? 'spans' : 'metrics', 37 + (i % 50)));
      expect(b.size).toBeLessThanOrEqual(1000);
    }
    expect(b.push(msg('spans', 1001, 9))).toBe(false);
    expect(b.size).toBeLessThanOrEqual(1000);
  });

  it('takes lifecycle first, bounded by bytes but always at least one message', () => {
    const b = new BoundedBuffer(10_000);
    b.push(msg('spans', 500, 1, 1));
    b.push(msg('lifecycle', 50, 1, 2));
    b.push(msg('spans', 500, 1, 3));
    expect(b.take(100).map((m) => m.value[0])).toEqual([2]);
    expect(b.take(100).map((m) => m.value[0])).toEqual([1]);
    expect(b.take(100).map((m) => m.value[0])).toEqual([3]);
    expect(b.take(100)).toEqual([]);
  });

  it('requeues failed sends at the front in order, dropping what no longer fits', () => {
    const b = new BoundedBuffer(250);
    b.push(msg('spans', 100, 1, 1));
    b.push(msg('spans', 100, 1, 2));
    const sent = b.take(10_000);
    b.push(msg('spans', 100, 1, 3));
    b.requeue(sent);
    // 3 is queued; of [1, 2] only the newest fits again (requeue goes newest to oldest)
    expect(b.dropped.spans).toBe(1);
    expect(b.take(10_000).map((m) => m.value[0])).toEqual([2, 3]);
  });
});

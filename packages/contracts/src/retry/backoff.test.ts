import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay, retry, sleep } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    const fixed = () => 1;
    expect([0, 1, 2, 3, 4, 5, 6, 10, 50].map((a) => backoffDelay(a, { baseMs: 500, capMs: 15_000 }, fixed))).toEqual([
      500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000,
    ]);
  });
  it('keeps the non-random part of the delay fixed and jitters the rest', () => {
    expect(backoffDelay(3, { baseMs: 500 }, () => 0)).toBe(2000);
    expect(backoffDelay(3, { baseMs: 500 }, () => 0.5)).toBe(3000);
    expect(backoffDelay(3, { baseMs: 500, jitter: 0 }, () => 0)).toBe(4000);
    expect(backoffDelay(3, { baseMs: 500, jitter: 0.25 }, () => 0)).toBe(3000);
  });
});

describe('Backoff', () => {
  it('advances per next() and starts over after reset()', () => {
    const b = new Backoff({ baseMs: 100, capMs: 350, jitter: 0 });
    expect([b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 350, 350]);
    expect(b.attempts).toBe(4);
    b.reset();
    expect(b.next()).toBe(100);
  });
});

describe('retry', () => {
  it('retries until success with the policy delays and reports each retry', async () => {
    const seen: [number, number][] = [];
    let calls = 0;
    const out = await retry(
      async () => {
        calls++;
        if (calls < 4) throw new Error(`fail ${calls}`);
        return 'ok';
      },
      { baseMs: 1, capMs: 2, jitter: 0, onRetry: (_e, attempt, delay) => void seen.push([attempt, delay]) },
    );
    expect(out).toBe('ok');
    expect(calls).toBe(4);
    expect(seen).toEqual([
      [1, 1],
      [2, 2],
      [3, 2],
    ]);
  });

  it('throws the last error after `attempts`', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new Error(`fail ${calls}`);
        },
        { attempts: 3, baseMs: 1, jitter: 0 },
      ),
    ).rejects.toThrow('fail 3');
    expect(calls).toBe(3);
  });

  it('throws at once an error that shouldRetry refuses', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new Error(calls === 1 ? 'transient' : 'fatal');
        },
        { baseMs: 1, jitter: 0, shouldRetry: (e) => (e as Error).message === 'transient' },
      ),
    ).rejects.toThrow('fatal');
    expect(calls).toBe(2);
  });

  it('calls afterWait between attempts', async () => {
    const order: string[] = [];
    let calls = 0;
    await retry(
      async () => {
        order.push(`try ${++calls}`);
        if (calls < 3) throw new Error('x');
      },
      { baseMs: 1, jitter: 0, afterWait: () => void order.push('after') },
    );
    expect(order).toEqual(['try 1', 'after', 'try 2', 'after', 'try 3']);
  });

  it('stops waiting and throws when the signal aborts', async () => {
    const ctl = new AbortController();
    let calls = 0;
    const p = retry(
      async () => {
        calls++;
        throw new Error('down');
      },
      { baseMs: 60_000, jitter: 0, signal: ctl.signal },
    );
    await sleep(5);
    ctl.abort();
    await expect(p).rejects.toThrow('down');
    expect(calls).toBe(1);
  });
});

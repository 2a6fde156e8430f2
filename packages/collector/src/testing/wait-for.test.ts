import { describe, expect, it } from 'vitest';
import { waitFor } from './ingest-harness.js';
import { waitForValue } from './wait-for.js';

describe('waitForValue', () => {
  it('returns the first value that is done, probing until then', async () => {
    let n = 0;
    const value = await waitForValue(
      () => ++n,
      (v) => v === 3,
      { what: 'three', intervalMs: 1 },
    );
    expect([value, n]).toEqual([3, 3]);
  });

  it('says what it awaited and the last value seen when it times out', async () => {
    let n = 0;
    const err = await waitForValue(
      () => ++n,
      () => false,
      { what: 'never', timeoutMs: 20, intervalMs: 1 },
    ).catch((e: Error) => e);
    expect((err as Error).message).toBe(`timed out after 20 ms waiting for never; last value seen: ${n}`);
  });

  it('fails at once on a throwing probe unless told to retry errors', async () => {
    let calls = 0;
    const probe = () => {
      calls++;
      if (calls < 3) throw new Error(`not up (${calls})`);
      return 'up';
    };
    await expect(waitForValue(probe, Boolean, { what: 'up', intervalMs: 1 })).rejects.toThrow('not up (1)');
    calls = 0;
    expect(await waitForValue(probe, Boolean, { what: 'up', intervalMs: 1, retryErrors: true })).toBe('up');
    expect(calls).toBe(3);
  });

  it('names the last error and the last value when retried errors run out the time', async () => {
    let calls = 0;
    const probe = () => {
      calls++;
      if (calls === 1) return 0;
      throw new Error(`refused (${calls})`);
    };
    const err = await waitForValue(probe, Boolean, {
      what: 'the server',
      timeoutMs: 20,
      intervalMs: 1,
      retryErrors: true,
    }).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      `timed out after 20 ms waiting for the server; last value seen: 0; ${calls - 1} probes threw, the last: Error: refused (${calls})`,
    );
  });
});

describe('waitFor (ingest harness)', () => {
  it('names the probe and the condition it awaited', async () => {
    const pods = async () => 2;
    await expect(waitFor(pods, (n) => n === 3, 20, 1)).rejects.toThrow(
      'timed out after 20 ms waiting for pods to satisfy (n) => n === 3; last value seen: 2',
    );
  });
});

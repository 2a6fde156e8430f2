import { describe, expect, it } from 'vitest';
import { cancelPaint, deferPaint, pendingPaints } from './deferred-paint.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

/**
 * Resolves once no job waits (and a task later, so the last job and its microtasks are done). On
 * the fact, not after a fixed time: on a loaded machine a timer may fire before the MessagePort
 * tasks that run the jobs (it once did in CI with a 20 ms timer).
 */
async function tasksDone(): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (pendingPaints() > 0 && Date.now() < deadline) await tick();
  await tick();
}

describe('deferPaint', () => {
  it('runs each owner’s newest job once, one job per task, in the order the owners asked', async () => {
    const ran: string[] = [];
    const a = {};
    const b = {};
    const c = {};
    deferPaint(a, () => ran.push('a1'));
    deferPaint(b, () => ran.push('b1'));
    // a's newer job replaces its first; it queues a microtask, which runs before b's job if b's
    // job is a task of its own (not called in the same loop)
    deferPaint(a, () => {
      ran.push('a2');
      queueMicrotask(() => ran.push('after a2'));
    });
    deferPaint(c, () => ran.push('c1'));
    cancelPaint(c);
    expect(ran).toEqual([]);
    expect(pendingPaints()).toBe(2);
    await tasksDone();
    expect(ran).toEqual(['a2', 'after a2', 'b1']);
    expect(pendingPaints()).toBe(0);
  });

  it('keeps going after a job that throws, and takes jobs asked for while running', async () => {
    const ran: string[] = [];
    const a = {};
    const b = {};
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      deferPaint(a, () => {
        deferPaint(a, () => ran.push('a again'));
        throw new Error('paint failed');
      });
      deferPaint(b, () => ran.push('b'));
      await tasksDone();
      expect(ran).toEqual(['b', 'a again']);
      expect(errors).toHaveLength(1);
    } finally {
      process.off('uncaughtException', onError);
    }
  });
});

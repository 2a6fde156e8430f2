import { describe, expect, it } from 'vitest';
import { InsertCoalescer, type InsertCoalescerOptions, InsertQueueFull } from './insert-coalescer.js';

const COLS = ['a', 'b'] as const;
const OPTS: InsertCoalescerOptions = {
  lingerMs: 5,
  maxRows: 1000,
  maxBytes: 1 << 20,
  inFlight: 1,
  maxQueuedBytes: 1 << 20,
};

/** A fake insert (this module's only collaborator): records each call; `gate` holds it until released. */
function fakeInsert() {
  const calls: { table: string; body: string; rows: number }[] = [];
  let failNext: Error | null = null;
  const gates: (() => void)[] = [];
  let hold = false;
  const fn = async (table: string, _c: readonly string[], body: Buffer, rows: number) => {
    calls.push({ table, body: body.toString(), rows });
    if (hold) await new Promise<void>((r) => gates.push(r));
    if (failNext) {
      const e = failNext;
      failNext = null;
      throw e;
    }
  };
  return {
    fn,
    calls,
    failOnce: (e: Error) => {
      failNext = e;
    },
    hold: (h: boolean) => {
      hold = h;
    },
    release: () => {
      for (const g of gates.splice(0)) g();
    },
    gated: () => gates.length,
  };
}

const row = (i: number) => Buffer.from(`r${i}\tx\n`);

describe('InsertCoalescer', () => {
  it('puts rows queued together into one insert and resolves each writer after it', async () => {
    const ins = fakeInsert();
    const c = new InsertCoalescer(ins.fn, OPTS);
    await Promise.all([0, 1, 2, 3].map((i) => c.insert('spans', COLS, row(i), 1)));
    expect(ins.calls).toEqual([{ table: 'spans', body: 'r0\tx\nr1\tx\nr2\tx\nr3\tx\n', rows: 4 }]);
    expect(c.queued).toBe(0);
  });

  it('keeps tables apart', async () => {
    const ins = fakeInsert();
    const c = new InsertCoalescer(ins.fn, OPTS);
    await Promise.all([c.insert('spans', COLS, row(1), 1), c.insert('logs', COLS, row(2), 1)]);
    expect(ins.calls.map((x) => x.table).sort()).toEqual(['logs', 'spans']);
  });

  it('fails every writer of a failed insert, and only those', async () => {
    const ins = fakeInsert();
    const c = new InsertCoalescer(ins.fn, OPTS);
    ins.failOnce(new Error('ClickHouse down'));
    const first = [0, 1, 2].map((i) => c.insert('spans', COLS, row(i), 1));
    const results = await Promise.allSettled(first);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('ClickHouse down');
    await c.insert('spans', COLS, row(9), 1);
    expect(ins.calls.map((x) => x.rows)).toEqual([3, 1]);
  });

  it('runs at most inFlight inserts per table; what arrives meanwhile joins the next one', async () => {
    const ins = fakeInsert();
    const c = new InsertCoalescer(ins.fn, { ...OPTS, lingerMs: 0 });
    ins.hold(true);
    const a = c.insert('spans', COLS, row(0), 1);
    await new Promise((r) => setTimeout(r, 10));
    expect(ins.gated()).toBe(1);
    const rest = [1, 2, 3].map((i) => c.insert('spans', COLS, row(i), 1));
    await new Promise((r) => setTimeout(r, 10));
    expect(ins.calls.length).toBe(1); // the first still runs: the others wait for it
    ins.hold(false);
    ins.release();
    await Promise.all([a, ...rest]);
    expect(ins.calls.map((x) => x.rows)).toEqual([1, 3]);
  });

  it('sends a queue that reached maxRows at once, without splitting a writer', async () => {
    const ins = fakeInsert();
    const c = new InsertCoalescer(ins.fn, { ...OPTS, lingerMs: 20, maxRows: 5, inFlight: 4 });
    const body = (n: number) => Buffer.from('x\n'.repeat(n));
    // 3 then 3 (6 >= 5): the first 3 go, the second waits; + 2 = 5: they go; 4 waits for the linger
    await Promise.all([3, 3, 2, 4].map((n) => c.insert('spans', COLS, body(n), n)));
    expect(ins.calls.map((x) => x.rows)).toEqual([3, 5, 4]);
    expect(ins.calls.every((x) => x.body === 'x\n'.repeat(x.rows))).toBe(true);
  });

  it('refuses rows beyond maxQueuedBytes at once, and takes them again once the queue drained', async () => {
    const ins = fakeInsert();
    const c = new InsertCoalescer(ins.fn, { ...OPTS, lingerMs: 0, maxQueuedBytes: 12 });
    ins.hold(true);
    const running = c.insert('spans', COLS, row(0), 1); // in the insert: not queued any more
    await new Promise((r) => setTimeout(r, 5));
    const q1 = c.insert('spans', COLS, row(1), 1);
    const q2 = c.insert('spans', COLS, row(2), 1);
    expect(c.queued).toBe(10);
    await expect(c.insert('spans', COLS, row(3), 1)).rejects.toBeInstanceOf(InsertQueueFull);
    ins.hold(false);
    ins.release();
    await Promise.all([running, q1, q2]);
    await c.insert('spans', COLS, row(4), 1);
    expect(ins.calls.map((x) => x.body)).toEqual(['r0\tx\n', 'r1\tx\nr2\tx\n', 'r4\tx\n']);
  });
});

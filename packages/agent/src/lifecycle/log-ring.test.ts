import { describe, expect, it } from 'vitest';
import { LineRing } from './log-ring.js';

describe('LineRing', () => {
  it('keeps the last N lines, oldest first', () => {
    const r = new LineRing(3);
    for (const l of ['a', 'b', 'c', 'd', 'e']) r.push(l);
    expect(r.toArray()).toEqual(['c', 'd', 'e']);
    expect(r.size).toBe(3);
  });

  it('returns what it has before it is full', () => {
    const r = new LineRing(5);
    r.push('x');
    expect(r.toArray()).toEqual(['x']);
  });

  it('cuts long lines and ignores everything at capacity 0', () => {
    const r = new LineRing(2, 5);
    r.push('0123456789');
    expect(r.toArray()).toEqual(['01234…']);
    const off = new LineRing(0);
    off.push('x');
    expect(off.toArray()).toEqual([]);
  });
});

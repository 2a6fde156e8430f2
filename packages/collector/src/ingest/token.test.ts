import { describe, expect, it } from 'vitest';
import { dedupToken, formatIntent, parseIntent, planChunks } from './token.js';

describe('deduplication tokens and intents', () => {
  it('derives the token from topic, partition and the offset range', () => {
    expect(dedupToken('podtrail.spans', 3, '100', '199')).toBe('podtrail.spans:3:100-199');
  });

  it('round-trips an intent through the committed-offset metadata', () => {
    const meta = formatIntent({ start: '100', end: '250', maxRows: 20000, maxBytes: 1048576 });
    expect(meta).toBe('podtrail-intent/1;end=250;rows=20000;bytes=1048576');
    expect(parseIntent('100', meta)).toEqual({ start: '100', end: '250', maxRows: 20000, maxBytes: 1048576 });
  });

  it('ignores metadata that is not a valid intent', () => {
    expect(parseIntent('100', '')).toBeNull();
    expect(parseIntent('100', null)).toBeNull();
    expect(parseIntent('100', 'something else')).toBeNull();
    expect(parseIntent('100', 'podtrail-intent/1;end=99;rows=1;bytes=1')).toBeNull(); // end before start
    expect(parseIntent('-1', 'podtrail-intent/1;end=5;rows=1;bytes=1')).toBeNull();
    expect(parseIntent('100', 'podtrail-intent/1;end=x;rows=1;bytes=1')).toBeNull();
  });

  it('chunks deterministically at record boundaries', () => {
    expect(planChunks([20, 20, 20, 20, 20], 50)).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
    // a record larger than the limit is a chunk alone; poison records (0 items) never split
    expect(planChunks([10, 100, 0, 10, 0], 50)).toEqual([
      [0, 1],
      [1, 2],
      [2, 5],
    ]);
    expect(planChunks([], 10)).toEqual([]);
    // same input, same chunks: the property re-delivery relies on
    const items = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 37);
    expect(planChunks(items, 200)).toEqual(planChunks([...items], 200));
  });
});

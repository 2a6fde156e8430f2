import { describe, expect, it } from 'vitest';
import { cutUtf8, LineCutter } from './line-cutter.js';

function collect(max: number): { cutter: LineCutter; lines: [string, number][] } {
  const lines: [string, number][] = [];
  return { cutter: new LineCutter(max, (l, n) => lines.push([l, n])), lines };
}

describe('LineCutter', () => {
  it('joins writes into lines, drops \\r, holds the unterminated tail until asked', () => {
    const { cutter, lines } = collect(100);
    cutter.feed('hel');
    cutter.feed('lo\nwor');
    cutter.feed('ld\r\n\nlast');
    expect(lines).toEqual([
      ['hello', -1],
      ['world', -1],
      ['', -1],
    ]);
    cutter.flushPartial();
    expect(lines.at(-1)).toEqual(['last', -1]);
    cutter.flushPartial();
    expect(lines).toHaveLength(4);
  });

  it('cuts a long line to the byte limit and reports its original length', () => {
    const { cutter, lines } = collect(10);
    cutter.feed(`${'a'.repeat(25)}\nshort\n`);
    expect(lines).toEqual([
      ['a'.repeat(10), 25],
      ['short', -1],
    ]);
  });

  it('keeps at most the limit of an endless line across writes, counting all of it', () => {
    const { cutter, lines } = collect(8);
    for (let i = 0; i < 100; i++) cutter.feed('0123456789');
    cutter.feed('xyz\n');
    expect(lines).toEqual([['01234567', 1003]]);
    cutter.feed('next\n');
    expect(lines.at(-1)).toEqual(['next', -1]);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const { cutter, lines } = collect(6);
    cutter.feed('ééé\n'); // 6 bytes: fits
    cutter.feed('éééé\n'); // 8 bytes: cut to 3 characters
    expect(lines).toEqual([
      ['ééé', -1],
      ['ééé', 8],
    ]);
  });
});

describe('cutUtf8', () => {
  it('never splits a character', () => {
    expect(cutUtf8('aé', 2)).toBe('a');
    expect(cutUtf8('a😀b', 4)).toBe('a');
    expect(cutUtf8('a😀b', 5)).toBe('a😀');
    expect(cutUtf8('abc', 10)).toBe('abc');
  });
});

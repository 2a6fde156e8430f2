import { describe, expect, it } from 'vitest';
import { TsvWriter } from './tsv.js';

/** Escapes of the byte and string writers: `\\`, TAB, LF, CR (+ NUL for String values, + `'` when quoted). */
const BYTE_ESC: Record<number, string> = { 92: '\\\\', 9: '\\t', 10: '\\n', 13: '\\r' };
const STRING_ESC: Record<number, string> = { ...BYTE_ESC, 0: '\\0' };
const QUOTE_ESC: Record<number, string> = { 39: "\\'" };

const ALL = Uint8Array.from({ length: 256 }, (_, i) => i);

function expected(esc: Record<number, string>, quoted: boolean): Buffer {
  const parts = [...ALL].map((c) => (esc[c] !== undefined ? Buffer.from(esc[c], 'latin1') : Buffer.from([c])));
  const body = Buffer.concat(parts);
  return quoted ? Buffer.concat([Buffer.from("'"), body, Buffer.from("'")]) : body;
}

const write = (f: (w: TsvWriter) => void) => {
  const w = new TsvWriter(16);
  f(w);
  return Buffer.from(w.toBuffer());
};

describe('TsvWriter escaping', () => {
  it('bytes: escapes \\\\ TAB LF CR only (FixedString)', () => {
    expect(write((w) => w.bytes(ALL))).toEqual(expected(BYTE_ESC, false));
  });
  it('quotedBytes: also the quote, wrapped in quotes', () => {
    expect(write((w) => w.quotedBytes(ALL))).toEqual(expected({ ...BYTE_ESC, ...QUOTE_ESC }, true));
  });
  it('copyTsv: String escaping incl. NUL, over a sub-range', () => {
    const src = Buffer.concat([Buffer.from('xx'), ALL, Buffer.from('yy')]);
    expect(write((w) => w.copyTsv(src, 2, 258))).toEqual(expected(STRING_ESC, false));
  });
  it('copyQuoted: String escaping incl. NUL and the quote, wrapped in quotes', () => {
    expect(write((w) => w.copyQuoted(ALL, 0, 256))).toEqual(expected({ ...STRING_ESC, ...QUOTE_ESC }, true));
  });
  it('str and quoted: same escapes for JS strings (UTF-8 output)', () => {
    const s = "a\\b\tc\nd\re\0f'g é";
    expect(write((w) => w.str(s)).toString('utf8')).toBe("a\\\\b\\tc\\nd\\re\\0f'g é");
    expect(write((w) => w.quoted(s)).toString('utf8')).toBe("'a\\\\b\\tc\\nd\\re\\0f\\'g é'");
    expect(write((w) => w.str('plain')).toString('utf8')).toBe('plain');
    expect(write((w) => w.quoted('')).toString('utf8')).toBe("''");
  });
});

import { describe, expect, it } from 'vitest';
import { spanDurationNs, spanEndMs, spanEndMsOf } from './span-time.js';

const halves = (ns: bigint): [number, number] => [Number(ns >> 32n), Number(ns & 0xffffffffn)];

describe('span time from uint32 halves', () => {
  it('ends in the exact millisecond floor((start + duration) / 1e6), also on second boundaries', () => {
    const starts = [
      1n,
      1_700_000_000_999_998_811n,
      1_700_000_000_999_999_999n,
      1_700_000_001_000_000_000n,
      8_999_999_999_999_999_999n,
      4_294_967_295n,
      4_294_967_296n,
    ];
    const durations = [0, 1, 999, 1_189, 999_999, 1_000_000, 123_456_789, 2_999_999_999, 86_400_000_000_000];
    for (const start of starts)
      for (const d of durations) {
        const want = Number((start + BigInt(d)) / 1_000_000n);
        const [hi, lo] = halves(start);
        expect(spanEndMs(hi, lo, d), `${start} + ${d}`).toBe(want);
        expect(spanEndMsOf(start, d), `${start} + ${d}`).toBe(want);
        // the second of it is the second the span ended in
        expect(Math.floor(want / 1000)).toBe(Number((start + BigInt(d)) / 1_000_000_000n));
      }
  });

  it('durations are end - start, 0 when the end is missing or earlier', () => {
    const [sh, sl] = halves(1_700_000_000_123_456_789n);
    const [eh, el] = halves(1_700_000_000_173_456_789n);
    expect(spanDurationNs(sh, sl, eh, el)).toBe(50_000_000);
    expect(spanDurationNs(sh, sl, 0, 0)).toBe(0);
    expect(spanDurationNs(eh, el, sh, sl)).toBe(0);
    const [h2, l2] = halves(1_700_000_000_123_456_789n + 2n ** 32n + 5n);
    expect(spanDurationNs(sh, sl, h2, l2)).toBe(2 ** 32 + 5);
  });
});

import { describe, expect, it } from 'vitest';
import { busiestOfTitle, formatCount, formatDuration, formatMs, formatTps, shortPodLabel } from './format.js';

describe('shortPodLabel', () => {
  it('shortens generated pod names like the reference board', () => {
    expect(shortPodLabel('groupware-demo-10-4hjzk')).toBe('gro..4hjzk');
    expect(shortPodLabel('portal-demo-7d9f8c6b5-zh4w9')).toBe('por..zh4w9');
  });
  it('keeps short names whole', () => {
    expect(shortPodLabel('web-0')).toBe('web-0');
    expect(shortPodLabel('postgres-0')).toBe('postgres-0');
    expect(shortPodLabel('abcdefghijkl')).toBe('abcdefghijkl');
  });
  it('uses the last characters when the suffix is long or missing', () => {
    expect(shortPodLabel('averyveryverylongpodname')).toBe('ave..dname');
    expect(shortPodLabel('checkout-service-abcdefghij')).toBe('che..fghij');
  });
  it('never makes a name longer', () => {
    expect(shortPodLabel('abc-defghijk-1')).toBe('abc..ijk-1');
    expect(shortPodLabel('groupware-db-0')).toBe('gro..db-0');
    expect(shortPodLabel('groupware-database-12')).toBe('gro..se-12');
    expect(shortPodLabel('abcd-efghi-jk')).toBe('abc..hi-jk');
    expect(shortPodLabel('ab-cdefg', { keepUpTo: 0 })).toBe('ab-cdefg');
  });
});

describe('value formats', () => {
  it('formats latency', () => {
    expect(formatMs(1070)).toBe('1.07s');
    expect(formatMs(919)).toBe('919ms');
    expect(formatMs(2.345)).toBe('2.3ms');
    expect(formatMs(19_979)).toBe('20.0s');
    expect(formatMs(Number.NaN)).toBe('–');
  });
  it('formats rates and counts', () => {
    expect(formatTps(9)).toBe('9.0tps');
    expect(formatTps(155.2)).toBe('155tps');
    expect(formatTps(0)).toBe('0tps');
    expect(formatCount(53582)).toBe('53,582');
    expect(formatCount(193_869)).toBe('194k');
  });
  it('titles a page of the busiest rows with how many there are, only when there are more', () => {
    const page = (shown: number, total: number) => ({ rows: Array.from({ length: shown }), total });
    expect(busiestOfTitle('Per pod', page(500, 20_000))).toBe('Per pod: the busiest 500 of 20,000');
    expect(busiestOfTitle('Per pod', page(500, 500))).toBe('Per pod');
    expect(busiestOfTitle('Per pod', page(0, 0))).toBe('Per pod');
    expect(busiestOfTitle('Per pod', undefined)).toBe('Per pod');
  });
  it('formats lifetimes', () => {
    expect(formatDuration(166 * 60_000)).toBe('2h 46m');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
  });
});

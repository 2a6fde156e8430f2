import { APDEX_SATISFYING_MIN, APDEX_TOLERATING_MIN, apdexZone } from '@podtrail/contracts/rules';
import { describe, expect, it } from 'vitest';
import { apdexClass, apdexClassOfScore, apdexScore } from './apdex.js';

describe('apdex', () => {
  it('scores satisfied + tolerating / 2 over total', () => {
    expect(apdexScore(60, 30, 10)).toBeCloseTo(0.75, 10);
    expect(apdexScore(0, 0, 0)).toBeNaN();
  });
  it('classes a pod by its score', () => {
    expect(apdexClass(100, 0, 0)).toBe('satisfying');
    expect(apdexClass(85, 0, 15)).toBe('satisfying');
    expect(apdexClass(84, 0, 16)).toBe('tolerating');
    expect(apdexClass(0, 100, 0)).toBe('tolerating');
    expect(apdexClass(50, 10, 40)).toBe('tolerating');
    expect(apdexClass(40, 10, 50)).toBe('frustrating');
    expect(apdexClass(10, 10, 80)).toBe('frustrating');
    expect(apdexClass(0, 0, 0)).toBe('idle');
    expect(apdexClassOfScore(Number.NaN)).toBe('idle');
  });
  it('uses the contract class limits', () => {
    expect([APDEX_SATISFYING_MIN, APDEX_TOLERATING_MIN]).toEqual([0.85, 0.5]);
    expect(apdexClassOfScore(APDEX_SATISFYING_MIN)).toBe('satisfying');
    expect(apdexClassOfScore(APDEX_TOLERATING_MIN)).toBe('tolerating');
    expect(apdexClassOfScore(APDEX_TOLERATING_MIN - 1e-9)).toBe('frustrating');
  });
  it('puts one latency in its zone against T (the contract rule the board relies on)', () => {
    expect(apdexZone(500, 500, false)).toBe('satisfied');
    expect(apdexZone(501, 500, false)).toBe('tolerating');
    expect(apdexZone(2000, 500, false)).toBe('tolerating');
    expect(apdexZone(2001, 500, false)).toBe('frustrated');
  });
});

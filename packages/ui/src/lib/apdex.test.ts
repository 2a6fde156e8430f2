import { describe, expect, it } from 'vitest';
import { apdexClass, apdexClassOfScore, apdexScore, apdexZone } from './apdex.js';

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
  it('puts one latency in its zone against T', () => {
    expect(apdexZone(500, 500)).toBe('satisfying');
    expect(apdexZone(501, 500)).toBe('tolerating');
    expect(apdexZone(2000, 500)).toBe('tolerating');
    expect(apdexZone(2001, 500)).toBe('frustrating');
  });
});

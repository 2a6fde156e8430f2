import { describe, expect, it } from 'vitest';
import { logSeverityNumber } from './logs.js';

describe('logSeverityNumber', () => {
  it('keeps a set number', () => {
    expect(logSeverityNumber(17, 'INFO')).toBe(17);
    expect(logSeverityNumber(255, '')).toBe(255);
  });
  it('derives the number from the text when the number is unset or out of range', () => {
    expect(logSeverityNumber(0, 'WARN')).toBe(13);
    expect(logSeverityNumber(undefined, 'Warning')).toBe(13);
    expect(logSeverityNumber(undefined, ' error ')).toBe(17);
    expect(logSeverityNumber(-3, 'fatal')).toBe(21);
    expect(logSeverityNumber(300, 'debug')).toBe(5);
    expect(logSeverityNumber(0, 'trace')).toBe(1);
    expect(logSeverityNumber(0, 'info')).toBe(9);
  });
  it('is 0 when neither says', () => {
    expect(logSeverityNumber(undefined, undefined)).toBe(0);
    expect(logSeverityNumber(0, 'verbose-ish')).toBe(0);
    expect(logSeverityNumber(0, '')).toBe(0);
  });
});

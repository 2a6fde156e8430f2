import { describe, expect, it } from 'vitest';
import { lineSeverity, ownSeverity, SEVERITY, severityText } from './severity.js';

describe('severity of a captured line', () => {
  it('reads pino/bunyan numeric levels', () => {
    expect([10, 20, 30, 40, 50, 60].map((n) => ownSeverity(`{"level":${n},"msg":"x"}`))).toEqual([1, 5, 9, 13, 17, 21]);
    expect(ownSeverity('{"name":"app","hostname":"h","pid":1,"level":40,"msg":"w"}')).toBe(SEVERITY.WARN);
  });

  it('reads winston levels: JSON format and the simple format prefix, coloured or not', () => {
    expect(ownSeverity('{"level":"error","message":"x"}')).toBe(SEVERITY.ERROR);
    expect(ownSeverity('{"message":"x","level":"warn"}')).toBe(SEVERITY.WARN);
    expect(ownSeverity('info: started')).toBe(SEVERITY.INFO);
    expect(ownSeverity('\u001b[31merror\u001b[39m: failed')).toBe(SEVERITY.ERROR);
    expect(ownSeverity('verbose: x')).toBe(SEVERITY.DEBUG);
  });

  it('has no level for plain text or JSON without one', () => {
    expect(ownSeverity('hello')).toBeUndefined();
    expect(ownSeverity('{"msg":"no level"}')).toBeUndefined();
    expect(ownSeverity('{"level":"loud"}')).toBeUndefined();
  });

  it('own level, else the console method, else the stream (stdout INFO, stderr WARN)', () => {
    expect(lineSeverity('{"level":50}', SEVERITY.INFO, 1)).toBe(SEVERITY.ERROR);
    expect(lineSeverity('plain', SEVERITY.DEBUG, 1)).toBe(SEVERITY.DEBUG);
    expect(lineSeverity('plain', 0, 1)).toBe(SEVERITY.INFO);
    expect(lineSeverity('plain', 0, 2)).toBe(SEVERITY.WARN);
    expect(lineSeverity('plain', SEVERITY.ERROR, 2)).toBe(SEVERITY.ERROR);
  });

  it('names the levels', () => {
    expect([1, 5, 9, 13, 17, 21, 24].map(severityText)).toEqual([
      'TRACE',
      'DEBUG',
      'INFO',
      'WARN',
      'ERROR',
      'FATAL',
      'FATAL',
    ]);
  });
});

// Severity of a captured line: what the line says about itself (a JSON level, a winston prefix)
// wins over how it was written (console method), which wins over the stream it went to.

/** OTLP SeverityNumber of each level (the lowest number of its range). */
export const SEVERITY = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 } as const;
export type SeverityName = keyof typeof SEVERITY;

/** stdout: INFO; stderr: WARN (not every stderr line is an error: warnings, progress, deprecations). */
export const STREAM_SEVERITY: Record<1 | 2, number> = { 1: SEVERITY.INFO, 2: SEVERITY.WARN };

const NAMES: readonly SeverityName[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export function severityText(n: number): SeverityName {
  return NAMES[Math.min(5, Math.max(0, Math.floor((n - 1) / 4)))]!;
}

const TEXT_LEVELS: Record<string, number> = {
  trace: SEVERITY.TRACE,
  silly: SEVERITY.TRACE,
  debug: SEVERITY.DEBUG,
  verbose: SEVERITY.DEBUG,
  info: SEVERITY.INFO,
  http: SEVERITY.INFO,
  notice: SEVERITY.INFO,
  warn: SEVERITY.WARN,
  warning: SEVERITY.WARN,
  error: SEVERITY.ERROR,
  err: SEVERITY.ERROR,
  fatal: SEVERITY.FATAL,
  crit: SEVERITY.FATAL,
  critical: SEVERITY.FATAL,
  alert: SEVERITY.FATAL,
  emerg: SEVERITY.FATAL,
};

/** pino and bunyan: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
function numericLevel(n: number): number {
  if (n < 20) return SEVERITY.TRACE;
  if (n < 30) return SEVERITY.DEBUG;
  if (n < 40) return SEVERITY.INFO;
  if (n < 50) return SEVERITY.WARN;
  if (n < 60) return SEVERITY.ERROR;
  return SEVERITY.FATAL;
}

const JSON_LEVEL = /"level"\s*:\s*(?:(\d{1,3})\b|"([A-Za-z]{1,10})")/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes (ESC) around winston's level
const PREFIX_LEVEL = /^(?:\u001b\[[0-9;]*m)?(error|warn|info|http|verbose|debug|silly)(?:\u001b\[[0-9;]*m)?:/;

/**
 * The level a line carries itself: `"level":30` (pino, bunyan) or `"level":"warn"` (winston json,
 * others) in a JSON line, or winston's `warn: ...` prefix (simple/cli formats, colours allowed).
 */
export function ownSeverity(line: string): number | undefined {
  if (line.charCodeAt(0) === 123 /* { */) {
    const m = JSON_LEVEL.exec(line.length > 4096 ? line.slice(0, 4096) : line);
    if (m) {
      if (m[1] !== undefined) return numericLevel(Number(m[1]));
      const t = TEXT_LEVELS[m[2]!.toLowerCase()];
      if (t !== undefined) return t;
    }
    return undefined;
  }
  const p = PREFIX_LEVEL.exec(line);
  return p ? TEXT_LEVELS[p[1]!] : undefined;
}

/** The severity stored for a line: its own level, else the console method's (0 = none), else the stream's. */
export function lineSeverity(line: string, consoleSeverity: number, stream: 1 | 2): number {
  return ownSeverity(line) ?? (consoleSeverity > 0 ? consoleSeverity : STREAM_SEVERITY[stream]);
}

import { LineRing } from '../lifecycle/log-ring.js';
import { LineCutter } from './line-cutter.js';
import { SEVERITY } from './severity.js';
import { setSonicBoomSink } from './sonic-boom-hook.js';

export type StreamId = 1 | 2;

/** Receives each complete line on the write path: must be cheap and must not throw. */
export type LineSink = (line: string, stream: StreamId, consoleSeverity: number, originalBytes: number) => void;

export interface StdioCapture {
  ring: LineRing;
  /** pushes unterminated tails and returns the last lines, oldest first */
  snapshot(): string[];
  /** runs `write` with its lines at `severity` (the crash report the agent prints is FATAL, not stderr's WARN) */
  withSeverity(severity: number, write: () => void): void;
  restore(): void;
}

type Write = typeof process.stdout.write;
type ConsoleMethod = 'log' | 'info' | 'debug' | 'warn' | 'error' | 'trace';

/** console.* ends in process.stdout/stderr.write: the method only lends its level to that write. */
const CONSOLE_LEVELS: Record<ConsoleMethod, number> = {
  log: SEVERITY.INFO,
  info: SEVERITY.INFO,
  debug: SEVERITY.DEBUG,
  warn: SEVERITY.WARN,
  error: SEVERITY.ERROR,
  trace: SEVERITY.TRACE,
};

export interface CaptureOptions {
  /** last lines kept for the stop and crash events (0: none) */
  ringLines: number;
  /** longer lines are cut */
  maxLineBytes: number;
  /** gets every line as it completes (the continuous log shipping), if set */
  onLine?: LineSink;
}

/**
 * The one place the app's output is captured: process.stdout/stderr.write (console.*, bunyan,
 * winston's Console transport and plain writes), the console methods for their level, and
 * sonic-boom streams on fd 1/2 (pino). Each line feeds the crash-path ring and the log shipper.
 * The original write is always called with the original arguments; capture errors are swallowed.
 */
export function captureStdio(opts: CaptureOptions): StdioCapture {
  const ring = new LineRing(opts.ringLines);
  if (opts.ringLines <= 0 && !opts.onLine)
    return { ring, snapshot: () => [], withSeverity: (_s, write) => write(), restore: () => {} };
  const onLine = opts.onLine;
  let consoleSeverity = 0;
  const cutter = (stream: StreamId) =>
    new LineCutter(opts.maxLineBytes, (line, originalBytes) => {
      ring.push(line);
      onLine?.(line, stream, consoleSeverity, originalBytes);
    });
  const cutters = { 1: cutter(1), 2: cutter(2) } as const;
  const feed = (stream: StreamId, chunk: unknown): void => {
    try {
      if (typeof chunk === 'string') cutters[stream].feed(chunk);
      else if (chunk instanceof Uint8Array)
        cutters[stream].feed(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8'));
    } catch {
      // never let capture break the app's output
    }
  };

  const streams = [process.stdout, process.stderr] as const;
  const originals: Write[] = [];
  streams.forEach((stream, i) => {
    const original = stream.write;
    originals[i] = original;
    const id = (i + 1) as StreamId;
    stream.write = function patchedWrite(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      feed(id, chunk);
      return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as Write;
  });

  const consoleOriginals = new Map<ConsoleMethod, (...a: unknown[]) => void>();
  for (const method of Object.keys(CONSOLE_LEVELS) as ConsoleMethod[]) {
    const original = console[method] as (...a: unknown[]) => void;
    consoleOriginals.set(method, original);
    const level = CONSOLE_LEVELS[method];
    console[method] = function patchedConsole(this: Console, ...args: unknown[]) {
      const prev = consoleSeverity;
      consoleSeverity = level;
      try {
        original.apply(this, args);
      } finally {
        consoleSeverity = prev;
      }
    };
  }
  setSonicBoomSink((fd, data) => feed(fd, data));

  return {
    ring,
    snapshot() {
      for (const c of [cutters[1], cutters[2]]) c.flushPartial();
      return ring.toArray();
    },
    withSeverity(severity, write) {
      const prev = consoleSeverity;
      consoleSeverity = severity;
      try {
        write();
      } finally {
        consoleSeverity = prev;
      }
    },
    restore() {
      setSonicBoomSink(undefined);
      streams.forEach((stream, i) => {
        if (originals[i]) stream.write = originals[i]!;
      });
      for (const [method, original] of consoleOriginals) console[method] = original;
    },
  };
}

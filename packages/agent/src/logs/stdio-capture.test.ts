import { Console } from 'node:console';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SonicBoomCapture } from './sonic-boom-hook.js';
import { captureStdio, type StdioCapture } from './stdio-capture.js';

type Write = typeof process.stdout.write;
const realOut = process.stdout.write;
const realErr = process.stderr.write;
let written: { stream: 'out' | 'err'; args: unknown[] }[] = [];
let lines: [string, number, number, number][] = [];
let capture: StdioCapture | undefined;

beforeEach(() => {
  written = [];
  lines = [];
  // stand-ins for the real writes, installed before the capture so it wraps them
  process.stdout.write = ((...args: unknown[]) => written.push({ stream: 'out', args }) > 0) as Write;
  process.stderr.write = ((...args: unknown[]) => written.push({ stream: 'err', args }) > 0) as Write;
});
afterEach(() => {
  capture?.restore();
  capture = undefined;
  process.stdout.write = realOut;
  process.stderr.write = realErr;
});

function start(ringLines = 10, maxLineBytes = 1024): StdioCapture {
  capture = captureStdio({ ringLines, maxLineBytes, onLine: (l, s, c, o) => lines.push([l, s, c, o]) });
  return capture;
}

describe('captureStdio', () => {
  it('passes every write through unchanged and hands each line over once, with its stream', () => {
    start();
    const cb = () => {};
    const buf = Buffer.from('bytes line\n');
    process.stdout.write('a\nb', cb);
    process.stdout.write('c\n');
    process.stderr.write(buf);
    expect(written).toEqual([
      { stream: 'out', args: ['a\nb', cb] },
      { stream: 'out', args: ['c\n'] },
      { stream: 'err', args: [buf] },
    ]);
    expect(lines).toEqual([
      ['a', 1, 0, -1],
      ['bc', 1, 0, -1],
      ['bytes line', 2, 0, -1],
    ]);
  });

  it('console methods lend their level to the write they make (no second capture)', () => {
    // the test runner's console does not write to process.stdout: use Node's, as an app has it
    const runnerConsole = globalThis.console;
    globalThis.console = new Console({ stdout: process.stdout, stderr: process.stderr });
    try {
      consoleLines();
    } finally {
      capture?.restore();
      capture = undefined;
      globalThis.console = runnerConsole;
    }
  });

  function consoleLines(): void {
    start();
    console.log('via log');
    console.info('via info');
    console.debug('via debug');
    console.warn('via warn');
    console.error('via error');
    process.stdout.write('plain\n');
    expect(lines).toEqual([
      ['via log', 1, 9, -1],
      ['via info', 1, 9, -1],
      ['via debug', 1, 5, -1],
      ['via warn', 2, 13, -1],
      ['via error', 2, 17, -1],
      ['plain', 1, 0, -1],
    ]);
    expect(written).toHaveLength(6);
  }

  it('feeds the crash-path ring from the same capture; snapshot includes an unterminated tail', () => {
    const c = start(3);
    for (const l of ['1', '2', '3', '4']) process.stdout.write(`${l}\n`);
    process.stderr.write('dying without newline');
    expect(c.snapshot()).toEqual(['3', '4', 'dying without newline']);
    expect(lines.at(-1)).toEqual(['dying without newline', 2, 0, -1]);
  });

  it('withSeverity lends a level to plain writes (the crash report the agent prints)', () => {
    const c = start();
    c.withSeverity(21, () => process.stderr.write('TypeError: boom\n    at x\n'));
    process.stderr.write('after\n');
    expect(lines).toEqual([
      ['TypeError: boom', 2, 21, -1],
      ['    at x', 2, 21, -1],
      ['after', 2, 0, -1],
    ]);
  });

  it('cuts long lines for both the ring and the shipper', () => {
    start(10, 64);
    process.stdout.write(`${'z'.repeat(200)}\n`);
    expect(lines).toEqual([['z'.repeat(64), 1, 0, 200]]);
    expect(written[0]!.args[0]).toBe(`${'z'.repeat(200)}\n`);
  });

  it('restore puts the original writes and console methods back', () => {
    const consoleLog = console.log;
    const patchedOut = process.stdout.write;
    start();
    expect(process.stdout.write).not.toBe(patchedOut);
    expect(console.log).not.toBe(consoleLog);
    capture!.restore();
    capture = undefined;
    expect(process.stdout.write).toBe(patchedOut);
    expect(console.log).toBe(consoleLog);
    process.stdout.write('after\n');
    expect(lines).toEqual([]);
  });
});

describe('pino (sonic-boom on fd 1)', () => {
  it('captures each line at write() time, once, with the stream it goes to', async () => {
    const requirePino = createRequire(createRequire(import.meta.url).resolve('pino'));
    const hook = new SonicBoomCapture();
    hook.enable();
    try {
      // a fresh copy of the module, loaded while the hook is on
      const path = requirePino.resolve('sonic-boom');
      delete requirePino.cache[path];
      const SonicBoom = requirePino('sonic-boom') as new (
        o: object,
      ) => {
        write(s: string): boolean;
        flushSync(): void;
      };
      start();
      const sb = new SonicBoom({ fd: 2, sync: true });
      sb.write('{"level":40,"msg":"from pino"}\n');
      // the bytes reached fd 2 directly (not through process.stderr.write)
      expect(written).toEqual([]);
      expect(lines).toEqual([['{"level":40,"msg":"from pino"}', 2, 0, -1]]);
    } finally {
      hook.disable();
    }
  });
});

/** Fixed-capacity ring of the most recent lines. */
export class LineRing {
  private readonly lines: string[];
  private next = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    /** longer lines are cut, so N lines stay a bounded number of bytes */
    readonly maxLineLength = 2000,
  ) {
    this.lines = new Array<string>(Math.max(0, capacity));
  }

  push(line: string): void {
    if (this.capacity <= 0) return;
    this.lines[this.next] = line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Oldest first. */
  toArray(): string[] {
    const out: string[] = [];
    const start = (this.next - this.count + this.capacity) % Math.max(1, this.capacity);
    for (let i = 0; i < this.count; i++) out.push(this.lines[(start + i) % this.capacity]!);
    return out;
  }

  get size(): number {
    return this.count;
  }
}

type Write = typeof process.stdout.write;

/** Splits a byte/char stream into lines; holds at most one partial line (bounded). */
export class LineSplitter {
  private pending = '';
  constructor(
    private readonly ring: LineRing,
    private readonly maxPending = 8192,
  ) {}

  feed(chunk: string): void {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      let line = this.pending + chunk.slice(start, nl);
      this.pending = '';
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.ring.push(line);
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.pending += chunk.slice(start);
      if (this.pending.length > this.maxPending) {
        this.ring.push(this.pending);
        this.pending = '';
      }
    }
  }

  /** The unterminated tail, if any (a crash message may not end with a newline). */
  flushPartial(): void {
    if (this.pending !== '') {
      this.ring.push(this.pending);
      this.pending = '';
    }
  }
}

export interface StdioCapture {
  ring: LineRing;
  /** pushes unterminated tails and returns the last lines, oldest first */
  snapshot(): string[];
  restore(): void;
}

/**
 * Tees process.stdout/stderr writes (which console.* ends in) into a ring of the last N lines.
 * The original write is always called with the original arguments; capture errors are swallowed.
 */
export function captureStdio(capacity: number): StdioCapture {
  const ring = new LineRing(capacity);
  const streams = [process.stdout, process.stderr] as const;
  const originals: Write[] = [];
  const splitters = streams.map(() => new LineSplitter(ring));
  if (capacity > 0) {
    streams.forEach((stream, i) => {
      const original = stream.write;
      originals[i] = original;
      const splitter = splitters[i]!;
      stream.write = function patchedWrite(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
        try {
          if (typeof chunk === 'string') splitter.feed(chunk);
          else if (chunk instanceof Uint8Array)
            splitter.feed(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8'));
        } catch {
          // never let capture break the app's output
        }
        return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
      } as Write;
    });
  }
  return {
    ring,
    snapshot() {
      for (const s of splitters) s.flushPartial();
      return ring.toArray();
    },
    restore() {
      streams.forEach((stream, i) => {
        if (originals[i]) stream.write = originals[i]!;
      });
    },
  };
}

/**
 * Splits a stream of writes into lines and cuts each to `maxLineBytes` UTF-8 bytes. Holds at most
 * one partial line of at most `maxLineBytes` (the rest of an overlong line is counted, not kept).
 * `emit` gets the (possibly cut) line and its original byte length, or -1 when it was not cut.
 */
export class LineCutter {
  private pending = '';
  /** bytes of the current partial line already discarded */
  private overflow = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly emit: (line: string, originalBytes: number) => void,
  ) {}

  feed(chunk: string): void {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      const seg = chunk.slice(start, nl);
      start = nl + 1;
      let line = this.pending === '' ? seg : this.pending + seg;
      if (line.charCodeAt(line.length - 1) === 13 /* \r */) line = line.slice(0, -1);
      this.finish(line);
    }
    if (start < chunk.length) this.hold(start === 0 ? chunk : chunk.slice(start));
  }

  /** Emits the unterminated tail, if any (a crash message may not end with a newline). */
  flushPartial(): void {
    if (this.pending !== '' || this.overflow > 0) this.finish(this.pending);
  }

  private finish(line: string): void {
    const overflow = this.overflow;
    this.pending = '';
    this.overflow = 0;
    // a UTF-16 unit is at most 3 UTF-8 bytes: short lines need no byte count
    if (overflow === 0 && line.length * 3 <= this.maxLineBytes) {
      this.emit(line, -1);
      return;
    }
    const bytes = Buffer.byteLength(line) + overflow;
    if (bytes <= this.maxLineBytes) this.emit(line, -1);
    else this.emit(cutUtf8(line, this.maxLineBytes), bytes);
  }

  private hold(rest: string): void {
    const p = this.pending + rest;
    if (p.length * 3 <= this.maxLineBytes) {
      this.pending = p;
      return;
    }
    const bytes = Buffer.byteLength(p);
    if (bytes <= this.maxLineBytes) {
      this.pending = p;
      return;
    }
    this.pending = cutUtf8(p, this.maxLineBytes);
    this.overflow += bytes - Buffer.byteLength(this.pending);
  }
}

/** The longest prefix of `s` of at most `max` UTF-8 bytes, never splitting a character. */
export function cutUtf8(s: string, max: number): string {
  const b = Buffer.from(s.length > max ? s.slice(0, max) : s, 'utf8');
  if (b.length <= max) return b.toString('utf8');
  let end = max;
  // step back over continuation bytes (10xxxxxx) to the start of the cut character
  while (end > 0 && (b[end]! & 0xc0) === 0x80) end--;
  return b.toString('utf8', 0, end);
}

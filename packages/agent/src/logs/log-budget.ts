/**
 * Per-process rate and byte budget over whole seconds of the wall clock: in each second at most
 * `maxLines` lines and `maxBytes` bytes are let through; the rest are dropped and counted. A line is
 * let through or dropped whole (it was cut to the line limit before).
 */
export class LogBudget {
  private second = -1;
  private lines = 0;
  private bytes = 0;
  /** lines dropped since start */
  dropped = 0;

  constructor(
    readonly maxLines: number,
    readonly maxBytes: number,
  ) {}

  /**
   * True when a line written at `nowMs` fits; false = dropped (and counted). `bytesOf` is only
   * called when the line budget still has room, so a flood past it costs no byte counting.
   */
  take(nowMs: number, bytesOf: () => number): boolean {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.second) {
      this.second = second;
      this.lines = 0;
      this.bytes = 0;
    }
    if (this.lines >= this.maxLines) {
      this.dropped++;
      return false;
    }
    const bytes = bytesOf();
    if (this.bytes + bytes > this.maxBytes) {
      this.dropped++;
      return false;
    }
    this.lines++;
    this.bytes += bytes;
    return true;
  }
}

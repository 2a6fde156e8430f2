/** Fixed-capacity ring of the most recent lines (fed by logs/stdio-capture.ts), for the stop and crash events. */
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
